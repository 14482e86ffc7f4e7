import CoveProtocol
import Foundation

/// Checks on command-line input done before anything touches the network, so a typo gets a precise
/// error instead of a server round trip.
enum InputValidation {
    /// A server base URL: http or https, with a host, no query or fragment.
    static func serverURL(_ text: String) throws -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil else {
            throw CLIError.usage("'\(text)' is not a server URL",
                                 hint: "give the server's base URL, e.g. --server http://127.0.0.1:8080")
        }
        var normalized = text
        while normalized.hasSuffix("/") { normalized.removeLast() }
        return normalized
    }

    /// A Cove username: 1-64 of a-z 0-9 . _ - (the server's rule, from CoveProtocol).
    static func username(_ text: String) throws -> String {
        guard DeviceCredential.isValidUsername(Array(text.utf8)) else {
            throw CLIError.usage("'\(text)' is not a valid user name",
                                 hint: "user names are 1-64 characters of a-z, 0-9, '.', '_' and '-'")
        }
        return text
    }

    /// A device or group display name: 1-64 characters, no control characters.
    static func displayName(_ text: String, what: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(trimmed.count),
              !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw CLIError.usage("'\(text)' is not a valid \(what) name", hint: "use 1-64 printable characters")
        }
        return trimmed
    }

    /// `alice,bob , carol` -> `[alice, bob, carol]` (validated, duplicates removed, order kept).
    static func userList(_ text: String) throws -> [String] {
        var seen = Set<String>()
        var users: [String] = []
        for part in text.split(separator: ",") {
            let name = try username(part.trimmingCharacters(in: .whitespaces))
            if seen.insert(name).inserted { users.append(name) }
        }
        guard !users.isEmpty else {
            throw CLIError.usage("--members lists no users", hint: "give user names separated by commas, e.g. --members bob,carol")
        }
        return users
    }

    /// The device's default name: the host name, cut to 64 characters.
    static var defaultDeviceName: String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? ""
        return host.isEmpty ? "cli" : String(host.prefix(64))
    }
}
