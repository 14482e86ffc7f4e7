@testable import MLSCore
import MLS
import Testing

@Suite struct ScheduleHashRatchetTests {
    @Test("the last uint32 generation can be used once, then the ratchet is exhausted", arguments: ScheduleSuites.all)
    func exhaustion(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        var ratchet = HashRatchet(secret: ScheduleSuites.secret(1, p), nextGeneration: .max - 1)
        let config = SecretTree.Configuration.default
        #expect(try ratchet.nextKey(provider: p, configuration: config).generation == .max - 1)
        #expect(try ratchet.nextKey(provider: p, configuration: config).generation == .max)
        #expect(ratchet.nextGeneration == UInt64(UInt32.max) + 1)
        #expect(mlsErrorCode { try ratchet.nextKey(provider: p, configuration: config) } == .ratchetExhausted)
        #expect(mlsErrorCode { try ratchet.key(generation: .max, provider: p, configuration: config) } == .ratchetGenerationConsumed)
    }

    @Test("a receiver can jump to the last generation and still read skipped ones", arguments: ScheduleSuites.all)
    func jumpToLast(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let config = SecretTree.Configuration.default
        var ratchet = HashRatchet(secret: ScheduleSuites.secret(2, p), nextGeneration: .max - 5)
        var reference = ratchet
        let last = try ratchet.key(generation: .max, provider: p, configuration: config)
        #expect(last == (try reference.key(generation: .max, provider: p, configuration: config)))
        var other = HashRatchet(secret: ScheduleSuites.secret(2, p), nextGeneration: .max - 5)
        let skipped = try other.key(generation: .max - 3, provider: p, configuration: config)
        #expect(skipped == (try ratchet.key(generation: .max - 3, provider: p, configuration: config)))
        #expect(mlsErrorCode { try ratchet.nextKey(provider: p, configuration: config) } == .ratchetExhausted)
    }
}
