/// Every error the SDK throws: a stable code for programs, a one-line message for people, and a
/// hint that says what to do next. Messages and hints never contain secrets, tokens or message text.
public struct CoveClientError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public var code: Code
    /// One line, no trailing period; the CLI prints it after `error: `.
    public var message: String
    /// One line telling the user what to try; the CLI prints it after `hint: `.
    public var hint: String?

    public init(_ code: Code, _ message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    public var description: String { message }
}
