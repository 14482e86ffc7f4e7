import MLS

enum MLSMessageDecoder {
    static func decode(_ bytes: [UInt8]) throws -> MLSMessage.Body {
        try MLSMessage(mlsEncoded: bytes).body
    }
}
