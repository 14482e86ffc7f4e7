import MLS

/// `transcript-hashes.json`: confirmation tag and transcript hashes (RFC 9420 §8.2).
struct TranscriptHashVectors: VectorFamily {
    let name = "transcript-hashes"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("interim_transcript_hash_before") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        throw VectorFailure("not implemented yet")
    }
}
