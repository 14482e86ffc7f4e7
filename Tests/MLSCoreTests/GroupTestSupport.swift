import MLS
import Testing

/// Deterministic SplitMix64 generator: drives the choices of the group tests (who does what),
/// never key material.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Shared helpers for the group tests.
enum GroupTestSupport {
    static let now: UInt64 = 1_800_000_000
    static let crypto = SwiftCryptoProvider()

    static let suites: [CipherSuite] = [
        .mls128DHKEMX25519AES128GCMSHA256Ed25519, .mls128DHKEMP256AES128GCMSHA256P256,
        .mls128DHKEMX25519ChaCha20Poly1305SHA256Ed25519, .mls256DHKEMP521AES256GCMSHA512P521,
        .mls256DHKEMP384AES256GCMSHA384P384,
    ]

    static func configuration(clock: UInt64 = now, pastEpochWindow: Int = 3) -> MLSGroupConfiguration {
        MLSGroupConfiguration(crypto: crypto, clock: { clock }, pastEpochWindow: pastEpochWindow)
    }

    static func provider(_ suite: CipherSuite) throws -> any CipherSuiteProvider {
        try crypto.provider(for: suite)
    }

    static func identity(_ name: String, suite: CipherSuite) throws -> SigningIdentity {
        try SigningIdentity.generate(credential: .basic(identity: Array(name.utf8)), provider: try provider(suite))
    }

    static func keyPackage(_ name: String, suite: CipherSuite, lifetime: Lifetime? = nil) throws -> KeyPackageBundle {
        try KeyPackageBundle.create(
            cipherSuite: suite, signingIdentity: try identity(name, suite: suite),
            lifetime: lifetime ?? Lifetime(notBefore: now - 3600, notAfter: now + 86_400), crypto: crypto
        )
    }

    /// A group created by "alice" with the given members added by one commit, everyone in
    /// epoch 1. Returns the groups in leaf order.
    static func makeGroup(suite: CipherSuite, members names: [String], configuration: MLSGroupConfiguration = configuration()) throws -> [MLSGroup] {
        var creator = try MLSGroup.create(
            cipherSuite: suite, signer: try identity("alice", suite: suite), configuration: configuration
        )
        let bundles = try names.map { try keyPackage($0, suite: suite) }
        guard !bundles.isEmpty else { return [creator] }
        let output = try creator.commit(bundles.map { .add(AddProposal(keyPackage: $0.keyPackage)) })
        try creator.merge(output.stagedCommit)
        var groups = [creator]
        let welcome = try #require(output.welcome)
        for bundle in bundles {
            groups.append(try MLSGroup.join(welcome: welcome, keyPackages: [bundle], configuration: configuration))
        }
        return groups
    }

    /// Everyone other than the committer processes `message` and merges it.
    static func deliver(_ message: MLSMessage, to groups: inout [MLSGroup], except committer: Int) throws {
        for i in groups.indices where i != committer {
            guard case .commit(let staged) = try groups[i].process(message) else {
                Issue.record("expected a commit")
                return
            }
            try groups[i].merge(staged)
        }
    }

    /// Every group agrees on epoch, epoch authenticator and tree hash.
    static func expectInSync(_ groups: [MLSGroup], sourceLocation: SourceLocation = #_sourceLocation) {
        guard let first = groups.first else { return }
        for group in groups.dropFirst() {
            #expect(group.epoch == first.epoch, sourceLocation: sourceLocation)
            #expect(group.epochAuthenticator == first.epochAuthenticator, sourceLocation: sourceLocation)
            #expect(group.treeHash == first.treeHash, sourceLocation: sourceLocation)
        }
    }

    /// Runs `body` and returns the MLSError code it threw, or nil.
    static func code(_ body: () throws -> Void) -> MLSError.Code? {
        do { try body() } catch let error as MLSError { return error.code } catch { return nil }
        return nil
    }
}
