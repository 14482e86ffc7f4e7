/// The one error type of MLSCore: protocol and validation failures.
///
/// Codes are stable strings (`mls.<rule>`); descriptions never contain secrets or message
/// content. Decoding failures surface as `CodecError` and primitive failures as
/// `CryptoError`, each with its own stable code.
public struct MLSError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public let code: Code
    /// Safe context: a field name, an index, an RFC section. Never secrets or content.
    public let context: String

    public init(_ code: Code, _ context: String = "") {
        self.code = code
        self.context = context
    }

    public var description: String {
        context.isEmpty ? code.rawValue : "\(code.rawValue) (\(context))"
    }
}
