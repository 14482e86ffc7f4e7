import CoveTransparency

func hex(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    var it = s.makeIterator()
    while let hi = it.next(), let lo = it.next() {
        out.append(UInt8(String([hi, lo]), radix: 16) ?? 0)
    }
    return out
}

/// Builds an in-memory log of `count` distinct opaque entries.
func makeLog(count: Int) throws -> (MerkleLog<InMemoryLogStorage>, [[UInt8]]) {
    var log = try MerkleLog(storage: InMemoryLogStorage())
    var entries: [[UInt8]] = []
    for i in 0..<count {
        let entry = Array("entry \(i)".utf8)
        try log.append(entry: entry)
        entries.append(entry)
    }
    return (log, entries)
}

func deviceEntry(user: String, device: String, key: UInt8, event: LogEntry.Event = .deviceAdded, time: UInt64 = 1) -> LogEntry {
    LogEntry(event: event, userID: Array(user.utf8), deviceID: Array(device.utf8),
             signatureKey: [UInt8](repeating: key, count: 32), timestamp: time)
}

/// Expects `body` to throw a TransparencyError with `code`.
func expectCode(_ code: TransparencyError.Code, _ body: () throws -> Void) -> Bool {
    do {
        try body()
        return false
    } catch let error as TransparencyError {
        return error.code == code
    } catch {
        return false
    }
}
