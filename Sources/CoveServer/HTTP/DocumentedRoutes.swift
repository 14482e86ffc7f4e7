/// The paths and methods openapi.yaml documents, read from the served document itself, so a
/// request for a known path with a method it does not have gets 405 `request.method_not_allowed`
/// with an `Allow` header instead of 404 (found by schemathesis' unsupported-method check).
struct DocumentedRoutes: Sendable {
    /// Path templates split in segments (`{name}` matches any one segment) with their methods.
    let routes: [(segments: [Substring], methods: [String])]

    static let shared = DocumentedRoutes(yaml: OpenAPIDocument.yaml)

    /// Reads `  /path:` lines under `paths:` and the `    method:` lines below each.
    init(yaml: String) {
        var routes: [(segments: [Substring], methods: [String])] = []
        var inPaths = false
        let verbs: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            guard inPaths else { continue }
            if let first = line.first, first != " " { break }  // the next top-level key ends `paths`
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                let path = line.dropFirst(2).dropLast()
                routes.append((path.split(separator: "/"), []))
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":"), !routes.isEmpty {
                let verb = String(line.dropFirst(4).dropLast())
                if verbs.contains(verb) { routes[routes.count - 1].methods.append(verb.uppercased()) }
            }
        }
        self.routes = routes
    }

    /// The documented methods of `path`, or nil if no documented path matches it.
    func methods(for path: String) -> [String]? {
        let segments = path.split(separator: "/")
        for route in routes where route.segments.count == segments.count {
            let matches = zip(route.segments, segments).allSatisfy { template, segment in
                (template.hasPrefix("{") && template.hasSuffix("}")) || template == segment
            }
            if matches { return route.methods }
        }
        return nil
    }
}
