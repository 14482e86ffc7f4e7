/// The one error type of MLSCodec.
///
/// Descriptions name what was wrong with the encoding, never the bytes themselves, so a
/// decoding error can be logged without leaking message content.
public struct CodecError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable code. New codes may be added; existing ones never change meaning.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The input ended before the value being read was complete.
        public static let truncated = Code(rawValue: "codec.truncated")
        /// A variable-length integer used more bytes than its value needs (RFC 9420 §2.1.2).
        public static let nonMinimalVarint = Code(rawValue: "codec.non_minimal_varint")
        /// A variable-length integer had the reserved `11` prefix.
        public static let invalidVarint = Code(rawValue: "codec.invalid_varint")
        /// A vector's declared length exceeds the limit for that field (see ``MLSLimits``).
        public static let lengthLimitExceeded = Code(rawValue: "codec.length_limit_exceeded")
        /// Bytes were left over after the top-level value.
        public static let trailingBytes = Code(rawValue: "codec.trailing_bytes")
        /// An enumerated field carried a value this implementation does not accept there.
        public static let invalidValue = Code(rawValue: "codec.invalid_value")
        /// Nesting went deeper than ``MLSLimits/maxNestingDepth``.
        public static let nestingTooDeep = Code(rawValue: "codec.nesting_too_deep")
    }

    public let code: Code
    /// A safe, human-readable context (a field or type name), never input bytes.
    public let context: String

    public init(_ code: Code, _ context: String = "") {
        self.code = code
        self.context = context
    }

    public var description: String {
        context.isEmpty ? code.rawValue : "\(code.rawValue) (\(context))"
    }
}
