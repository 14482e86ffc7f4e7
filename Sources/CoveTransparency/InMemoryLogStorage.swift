/// `LogStorage` in memory, for tests, benchmarks and the auditor's scratch tree.
///
/// Perfect-subtree hashes are dense per level (level `l` holds exactly size >> l of them), so
/// each level is one flat byte array of 32-byte hashes: 10 million leaves take ~640 MB of
/// hashes across all levels plus the entries.
public struct InMemoryLogStorage: LogStorage, Sendable {
    private var levels: [[UInt8]] = []
    private var storedEntries: [[UInt8]] = []

    public init() {}

    public var size: UInt64 {
        get throws(TransparencyError) { UInt64(storedEntries.count) }
    }

    public mutating func append(entry: [UInt8], nodes: [CompactRange.CompletedNode]) throws(TransparencyError) {
        let n = UInt64(storedEntries.count)
        // Validate everything before mutating (atomicity).
        for node in nodes {
            let stored = node.level < levels.count ? UInt64(levels[node.level].count / 32) : 0
            guard node.hash.count == TransparencyLimits.hashLength, node.level >= 0, node.level < 64,
                  node.level <= levels.count, node.index == n >> UInt64(node.level), stored == node.index
            else { throw TransparencyError(.storage, "unexpected node (\(node.level), \(node.index))") }
        }
        for node in nodes {
            if node.level == levels.count { levels.append([]) }
            levels[node.level].append(contentsOf: node.hash)
        }
        storedEntries.append(entry)
    }

    public func hash(level: Int, index: UInt64) throws(TransparencyError) -> [UInt8] {
        guard level >= 0, level < levels.count, index < UInt64(levels[level].count / 32) else {
            throw TransparencyError(.storage, "missing node (\(level), \(index))")
        }
        let start = Int(index) * 32
        return Array(levels[level][start..<start + 32])
    }

    public func entries(start: UInt64, end: UInt64) throws(TransparencyError) -> [[UInt8]] {
        guard start <= end, end <= UInt64(storedEntries.count) else {
            throw TransparencyError(.indexOutOfRange, "entries [\(start), \(end)) of \(storedEntries.count)")
        }
        return Array(storedEntries[Int(start)..<Int(end)])
    }
}
