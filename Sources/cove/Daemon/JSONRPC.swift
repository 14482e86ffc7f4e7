/// JSON-RPC 2.0 (https://www.jsonrpc.org/specification) over newline-delimited JSON: one request,
/// response, notification or batch per line.
enum JSONRPC {
    /// Largest line the daemon accepts; a longer one closes the connection after an error.
    static let maxLineBytes = 1 << 20

    /// A parsed request. `id == nil` is a notification (no response).
    struct Request: Sendable, Equatable {
        var id: JSONValue?
        var method: String
        var params: JSONValue
    }

    /// An error object; `data` carries the CLI's `{code, message, hint}` for application errors.
    struct ErrorObject: Error, Sendable, Equatable {
        var code: Int
        var message: String
        var data: JSONValue?

        static let parseError = ErrorObject(code: -32700, message: "Parse error: the line is not valid JSON")
        static let invalidRequest = ErrorObject(code: -32600, message: "Invalid Request")
        static func methodNotFound(_ method: String) -> ErrorObject {
            ErrorObject(code: -32601, message: "Method not found: \(method)")
        }
        static func invalidParams(_ detail: String) -> ErrorObject {
            ErrorObject(code: -32602, message: "Invalid params: \(detail)")
        }
        /// An error from the client or the CLI (server down, unknown user, ...): code -32000.
        static func application(_ report: ErrorReport) -> ErrorObject {
            ErrorObject(code: -32000, message: report.message, data: report.json)
        }

        var json: JSONValue {
            var members: [(String, JSONValue)] = [("code", .int(code)), ("message", .string(message))]
            if let data { members.append(("data", data)) }
            return .object(members)
        }

        init(code: Int, message: String, data: JSONValue? = nil) {
            self.code = code
            self.message = message
            self.data = data
        }
    }

    /// One line of input: a single message or a batch.
    enum Incoming: Sendable, Equatable {
        case single(Result<Request, ErrorObject>, id: JSONValue?)
        case batch([(Result<Request, ErrorObject>, id: JSONValue?)])
        /// Not JSON, or an empty batch: answered with one error response with a null id.
        case invalid(ErrorObject)

        static func == (lhs: Incoming, rhs: Incoming) -> Bool {
            switch (lhs, rhs) {
            case let (.single(a, ida), .single(b, idb)): return a == b && ida == idb
            case let (.invalid(a), .invalid(b)): return a == b
            case let (.batch(a), .batch(b)):
                return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.id == $1.id }
            default: return false
            }
        }
    }

    static func parse(line: some StringProtocol) -> Incoming {
        let value: JSONValue
        do {
            value = try JSONValue.parse(line)
        } catch {
            return .invalid(.parseError)
        }
        if case .array(let items) = value {
            guard !items.isEmpty else { return .invalid(.invalidRequest) }
            return .batch(items.map { request(from: $0) })
        }
        let (result, id) = request(from: value)
        return .single(result, id: id)
    }

    /// Validates one request object; the id is returned even when the request is invalid so the
    /// error response can carry it.
    static func request(from value: JSONValue) -> (Result<Request, ErrorObject>, id: JSONValue?) {
        guard case .object = value else { return (.failure(.invalidRequest), .null) }
        let id = value["id"]
        let idIsValid: Bool
        switch id {
        case nil, .string?, .number?, .null?: idIsValid = true
        default: idIsValid = false
        }
        guard idIsValid else { return (.failure(.invalidRequest), .null) }
        guard value["jsonrpc"] == .string("2.0"), case .string(let method)? = value["method"] else {
            return (.failure(.invalidRequest), id ?? .null)
        }
        let params = value["params"] ?? .object([])
        switch params {
        case .object, .array: break
        default: return (.failure(.invalidRequest), id ?? .null)
        }
        return (.success(Request(id: id, method: method, params: params)), id)
    }

    static func response(id: JSONValue, result: JSONValue) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)])
    }

    static func response(id: JSONValue, error: ErrorObject) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("id", id), ("error", error.json)])
    }

    static func notification(method: String, params: JSONValue) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)])
    }
}

extension JSONRPC.Request {
    /// A required string parameter (by name).
    func string(_ name: String) throws -> String {
        guard case .string(let value)? = params[name] else {
            throw JSONRPC.ErrorObject.invalidParams("'\(name)' must be a string")
        }
        return value
    }

    /// An optional string parameter.
    func optionalString(_ name: String) throws -> String? {
        switch params[name] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw JSONRPC.ErrorObject.invalidParams("'\(name)' must be a string")
        }
    }

    /// A required array of strings; a single comma-separated string is accepted too.
    func strings(_ name: String) throws -> [String] {
        switch params[name] {
        case .array(let items)?:
            return try items.map {
                guard case .string(let s) = $0 else { throw JSONRPC.ErrorObject.invalidParams("'\(name)' must hold strings") }
                return s
            }
        case .string(let s)?: return s.split(separator: ",").map(String.init)
        default: throw JSONRPC.ErrorObject.invalidParams("'\(name)' must be an array of strings")
        }
    }
}
