// cove-log-bench: key-transparency log throughput and proof costs (docs/PERFORMANCE.md).
//
//   swift build -c release --product cove-log-bench
//   .build/release/cove-log-bench 1000000 10000000
//
// In-memory storage; every figure is wall-clock on the current machine.
import CoveTransparency
import MLSCodec

struct LCG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 11
    }
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func fmt(_ x: Double, _ digits: Int = 2) -> String {
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let r = (x * p).rounded() / p
    return String(r)
}

func entryBytes(_ i: Int) -> [UInt8] {
    // A realistic event: 16-byte user id, 16-byte device id, 32-byte Ed25519 key.
    var user = [UInt8](repeating: 0x75, count: 16)
    var device = [UInt8](repeating: 0x64, count: 16)
    var key = [UInt8](repeating: 0, count: 32)
    withUnsafeBytes(of: UInt64(i / 3).bigEndian) { user.replaceSubrange(8..<16, with: $0) }
    withUnsafeBytes(of: UInt64(i).bigEndian) { device.replaceSubrange(8..<16, with: $0); key.replaceSubrange(0..<8, with: $0) }
    return LogEntry(event: .deviceAdded, userID: user, deviceID: device, signatureKey: key,
                    timestamp: 1_700_000_000_000 + UInt64(i)).leafInput
}

func run(size: Int) throws {
    let clock = ContinuousClock()
    let signer = try LogSigner()
    let origin = Array("bench.cove/kt/v1".utf8)
    var log = try MerkleLog(storage: InMemoryLogStorage())
    let appendTime = try clock.measure {
        for i in 0..<size { try log.append(entry: entryBytes(i)) }
    }
    print("size \(size): append \(fmt(seconds(appendTime))) s, \(Int(Double(size) / seconds(appendTime))) appends/s (encode + leaf hash + node hashes + store)")

    var head: SignedCheckpoint?
    let rounds = 1000
    let headTime = try clock.measure {
        for i in 0..<rounds { head = try log.checkpoint(origin: origin, timestamp: UInt64(i), signer: signer) }
    }
    guard let head else { return }
    print("  signed checkpoint (root from frontier + Ed25519 sign): \(fmt(seconds(headTime) / Double(rounds) * 1e6, 1)) µs")

    var rng = LCG(state: 42)
    let samples = 10_000
    let n = UInt64(size)
    let indices = (0..<samples).map { _ in rng.next() % n }
    var proofs: [[[UInt8]]] = []
    proofs.reserveCapacity(samples)
    let genTime = try clock.measure {
        for index in indices { proofs.append(try log.inclusionProof(index: index, treeSize: n)) }
    }
    let leafHashes = indices.map { MerkleHash.leafHash(entryBytes(Int($0))) }
    let verifyTime = try clock.measure {
        for (k, index) in indices.enumerated() {
            try ProofVerifier.verifyInclusion(
                leafHash: leafHashes[k], index: index, treeSize: n, proof: proofs[k], rootHash: head.checkpoint.rootHash)
        }
    }
    let verifyWithSigTime = try clock.measure {
        for k in 0..<1000 {
            try signer.publicKey.verify(head, origin: origin)
            try ProofVerifier.verifyInclusion(
                leafHash: leafHashes[k], index: indices[k], treeSize: n, proof: proofs[k], rootHash: head.checkpoint.rootHash)
        }
    }
    let avgLen = Double(proofs.map(\.count).reduce(0, +)) / Double(samples)
    let maxLen = proofs.map(\.count).max() ?? 0
    print("  inclusion proof: generate \(fmt(seconds(genTime) / Double(samples) * 1e6, 1)) µs, verify \(fmt(seconds(verifyTime) / Double(samples) * 1e6, 1)) µs, verify + checkpoint signature \(fmt(seconds(verifyWithSigTime) / 1000 * 1e6, 1)) µs; \(fmt(avgLen, 1)) hashes avg, \(maxLen) max")

    let olds = (0..<samples).map { _ in 1 + rng.next() % (n - 1) }
    var cproofs: [[[UInt8]]] = []
    var oldRoots: [[UInt8]] = []
    let cgenTime = try clock.measure {
        for old in olds { cproofs.append(try log.consistencyProof(oldSize: old, newSize: n)) }
    }
    for old in olds.prefix(1000) { oldRoots.append(try log.rootHash(treeSize: old)) }
    let cverifyTime = try clock.measure {
        for k in 0..<1000 {
            try ProofVerifier.verifyConsistency(
                oldSize: olds[k], newSize: n, oldRoot: oldRoots[k], newRoot: head.checkpoint.rootHash, proof: cproofs[k])
        }
    }
    let cavg = Double(cproofs.map(\.count).reduce(0, +)) / Double(samples)
    print("  consistency proof: generate \(fmt(seconds(cgenTime) / Double(samples) * 1e6, 1)) µs, verify \(fmt(seconds(cverifyTime) / 1000 * 1e6, 1)) µs; \(fmt(cavg, 1)) hashes avg")

    // Bytes per key lookup: the entry, its index, the inclusion proof (vector of 32-byte
    // hashes) and the signed checkpoint it is checked against.
    let checkpointBytes = head.mlsEncoded.count
    let entry = entryBytes(0).count
    var w = MLSWriter()
    w.writeVector { (inner: inout MLSWriter) in for h in proofs[0] { inner.writeRaw(h) } }
    let proofBytes = Int(avgLen.rounded()) * 32 + (w.bytes.count - proofs[0].count * 32)
    print("  per lookup: entry \(entry) B + index 8 B + inclusion proof ~\(proofBytes) B + signed checkpoint \(checkpointBytes) B = ~\(entry + 8 + proofBytes + checkpointBytes) B (proof + checkpoint only: ~\(proofBytes + checkpointBytes) B)")
}

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
for size in arguments.isEmpty ? [1_000_000, 10_000_000] : arguments where size >= 2 {
    do {
        try run(size: size)
    } catch {
        print("error: \(error)")
    }
}
