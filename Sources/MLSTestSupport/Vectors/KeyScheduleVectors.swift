import MLS

/// `key-schedule.json`: the key schedule, external_pub and the exporter (RFC 9420 §8).
struct KeyScheduleVectors: VectorFamily {
    let name = "key-schedule"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("initial_init_secret") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        throw VectorFailure("not implemented yet")
    }
}
