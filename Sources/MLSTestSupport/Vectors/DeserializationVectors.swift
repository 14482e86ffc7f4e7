import MLS

/// `deserialization.json`: variable-length vector headers (RFC 9420 §2.1.2).
///
/// Only the header is decoded (the vector body is absent from the file): the varint must be
/// read completely, minimally encoded, and equal `length`.
struct DeserializationVectors: VectorFamily {
    let name = "deserialization"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("vlbytes_header") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        let header = try entry.hex("vlbytes_header")
        let expected = try entry.uint64("length")
        var reader = MLSReader(header)
        let length: Int
        do {
            length = try reader.readVarint()
            try reader.finish("vlbytes_header")
        } catch {
            throw VectorFailure("vlbytes_header: \(error)")
        }
        try VectorEntry.expectEqual(UInt64(length), expected, "length")
    }
}
