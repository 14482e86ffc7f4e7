/// A wire type that writes itself in the TLS presentation language.
public protocol MLSEncodable {
    func encode(to writer: inout MLSWriter)
}

/// A wire type that reads itself strictly. Decoding yields a value that is well-formed but
/// not yet validated: signatures, tags and protocol rules are checked elsewhere.
public protocol MLSDecodable {
    init(from reader: inout MLSReader) throws(CodecError)
}

public typealias MLSCodable = MLSEncodable & MLSDecodable

extension MLSEncodable {
    /// The encoding of `self` alone.
    public var mlsEncoded: [UInt8] {
        var writer = MLSWriter()
        encode(to: &writer)
        return writer.bytes
    }
}

extension MLSDecodable {
    /// Decodes exactly one value from `bytes`; trailing bytes are an error.
    public init(mlsEncoded bytes: [UInt8]) throws(CodecError) {
        var reader = MLSReader(bytes)
        self = try Self(from: &reader)
        try reader.finish(String(describing: Self.self))
    }
}

extension UInt8: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(self) }
    public init(from reader: inout MLSReader) throws(CodecError) { self = try reader.readUInt8() }
}

extension UInt16: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(self) }
    public init(from reader: inout MLSReader) throws(CodecError) { self = try reader.readUInt16() }
}

extension UInt32: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(self) }
    public init(from reader: inout MLSReader) throws(CodecError) { self = try reader.readUInt32() }
}

extension UInt64: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(self) }
    public init(from reader: inout MLSReader) throws(CodecError) { self = try reader.readUInt64() }
}

/// `opaque data<V>` as a standalone element, for vectors of byte strings.
public struct OpaqueBytes: MLSCodable, Hashable, Sendable {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public func encode(to writer: inout MLSWriter) { writer.writeOpaque(bytes) }
    public init(from reader: inout MLSReader) throws(CodecError) { bytes = try reader.readOpaque() }
}
