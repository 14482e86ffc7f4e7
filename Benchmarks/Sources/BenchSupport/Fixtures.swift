// Group states the GroupOperations benchmarks run against. Everything here happens outside the
// measured region; a fixture is built at most once per benchmark process (the benchmark tool
// runs every benchmark in its own process).
import Foundation
import MLS

/// Mutable holder for a value a benchmark closure changes between iterations.
public final class Box<T>: @unchecked Sendable {
    public var value: T
    public init(_ value: T) { self.value = value }
}

public enum FixtureError: Error, CustomStringConvertible {
    case unexpected(String)
    public var description: String {
        switch self { case .unexpected(let s): "fixture: \(s)" }
    }
}

/// A fixed clock, so that lifetimes are valid however long a run takes.
public let benchNow: UInt64 = 1_800_000_000

/// Above this many members the blank-tree fixture is built through a synthetic Welcome.
public let syntheticBlankThreshold = 1_000

public struct BenchEnv: Sendable {
    public let suite: CipherSuite
    public let provider: any CipherSuiteProvider
    public let config: MLSGroupConfiguration

    public init(suite: CipherSuite) throws {
        self.suite = suite
        let crypto = SwiftCryptoProvider()
        self.provider = try crypto.provider(for: suite)
        self.config = MLSGroupConfiguration(crypto: crypto, clock: { benchNow })
    }

    public func identity(_ name: String) throws -> SigningIdentity {
        try SigningIdentity.generate(credential: .basic(identity: Array(name.utf8)), provider: provider)
    }

    public func member(_ name: String) throws -> KeyPackageBundle {
        try KeyPackageBundle.create(
            cipherSuite: suite, signingIdentity: try identity(name),
            lifetime: Lifetime(notBefore: benchNow - 3600, notAfter: benchNow + 30 * 86_400),
            crypto: config.crypto
        )
    }

    public func members(_ count: Int, prefix: String) throws -> [KeyPackageBundle] {
        var out: [KeyPackageBundle] = []
        out.reserveCapacity(count)
        for i in 0..<count { out.append(try member("\(prefix)\(i)")) }
        return out
    }
}

/// Two members of the same group in the same epoch, and what the benchmarks replay.
public struct GroupFixture {
    /// The committer (also the sender of application messages).
    public var a: MLSGroup
    /// A receiver.
    public var b: MLSGroup
    /// A commit by `a` with a fresh UpdatePath (forcePath), for `b` to process.
    public var commitForB: MLSMessage
    /// A Welcome for `joiner` into this group (at n or n+1 members, see the builders).
    public var welcome: MLSMessage
    public var joiner: KeyPackageBundle
    /// Encoded sizes, for docs/PERFORMANCE.md.
    public var sizes: [String: Int]
}

extension MLSMessage {
    public var encodedSize: Int { mlsEncoded.count }
}

public func welcomeOf(_ out: CommitOutput) throws -> MLSMessage {
    guard let welcome = out.welcome else { throw FixtureError.unexpected("commit has no Welcome") }
    return welcome
}

public func processAndMerge(_ group: inout MLSGroup, _ message: MLSMessage) throws {
    guard case .commit(let staged) = try group.process(message) else { throw FixtureError.unexpected("not a commit") }
    try group.merge(staged)
}

/// "Mostly blank" tree: `a` creates the group and adds the n-1 others with ONE commit (Add
/// proposals only, so no UpdatePath: every parent node is blank). `b` (leaf 1) is a joiner of
/// that very Welcome, and the join benchmark replays exactly that join.
public func buildBlankFixture(env: BenchEnv, n: Int) throws -> GroupFixture {
    precondition(n >= 2)
    if n > syntheticBlankThreshold {
        // The same state through a synthetic Welcome (see SyntheticFullTree): the library's big
        // Add is quadratic in n (ProposalApplier), which makes 10,000 members take hours.
        let synthetic = try SyntheticFullTree(env: env, n: n, blank: true)
        let a = try MLSGroup.join(welcome: synthetic.welcome, keyPackages: [synthetic.bundles[0]], configuration: env.config)
        let b = try MLSGroup.join(welcome: synthetic.welcome, keyPackages: [synthetic.bundles[1]], configuration: env.config)
        let update = try a.commit(options: CommitOptions(forcePath: true))
        return GroupFixture(
            a: a, b: b, commitForB: update.commit, welcome: synthetic.welcome, joiner: synthetic.bundles[1],
            sizes: [
                "ratchet_tree": a.ratchetTree.mlsEncoded.count,
                "welcome": synthetic.welcome.encodedSize,
                "commit_path": update.commit.encodedSize,
                "group_info": try update.groupInfo().encodedSize,
                "group_state_a": a.encoded().count,
                "group_state_b": b.encoded().count,
            ]
        )
    }
    var a = try MLSGroup.create(cipherSuite: env.suite, signer: try env.identity("a"), configuration: env.config)
    let others = try env.members(n - 1, prefix: "m")
    let add = try a.commit(others.map { .add(AddProposal(keyPackage: $0.keyPackage)) })
    try a.merge(add.stagedCommit)
    let welcome = try welcomeOf(add)
    let b = try MLSGroup.join(welcome: welcome, keyPackages: [others[0]], configuration: env.config)
    let update = try a.commit(options: CommitOptions(forcePath: true))
    return GroupFixture(
        a: a, b: b, commitForB: update.commit, welcome: welcome, joiner: others[0],
        sizes: [
            "ratchet_tree": a.ratchetTree.mlsEncoded.count,
            "welcome": welcome.encodedSize,
            "commit_add_all": add.commit.encodedSize,
            "commit_path": update.commit.encodedSize,
            "group_info": try update.groupInfo().encodedSize,
            "group_state_a": a.encoded().count,
            "group_state_b": b.encoded().count,
        ]
    )
}

/// Full tree: every parent node non-blank and no unmerged leaves, the state after every
/// member has committed an update.
///
/// n = 2 is built with the protocol itself (a adds b, b commits with a path, a merges).
/// For n >= 4, replaying n/2 commits is too slow at 10,000 members, so the tree is built
/// directly (`SyntheticFullTree`) as it stands after the odd leaves committed in order, and
/// a and b join it through a Welcome signed by b's sibling, which carries b the path
/// secret of their common parent (RFC 9420 §12.4.3.1). The joins run the library's full
/// validation (leaf signatures, parent hashes, tree hash, key pairs against the tree), so
/// the state is a valid group state. Then `a` adds `joiner` with an Add-only commit and the
/// join benchmark replays that Welcome (n+1 members, tree otherwise full).
public func buildFullFixture(env: BenchEnv, n: Int) throws -> GroupFixture {
    var a: MLSGroup
    var b: MLSGroup
    var sizes: [String: Int] = [:]
    if n == 2 {
        a = try MLSGroup.create(cipherSuite: env.suite, signer: try env.identity("a"), configuration: env.config)
        let bBundle = try env.member("b")
        let add = try a.commit([.add(AddProposal(keyPackage: bBundle.keyPackage))])
        try a.merge(add.stagedCommit)
        b = try MLSGroup.join(welcome: try welcomeOf(add), keyPackages: [bBundle], configuration: env.config)
        let update = try b.commit(options: CommitOptions(forcePath: true))
        try b.merge(update.stagedCommit)
        try processAndMerge(&a, update.commit)
    } else {
        let synthetic = try SyntheticFullTree(env: env, n: n)
        a = try MLSGroup.join(welcome: synthetic.welcome, keyPackages: [synthetic.bundles[synthetic.aLeaf]], configuration: env.config)
        b = try MLSGroup.join(welcome: synthetic.welcome, keyPackages: [synthetic.bundles[synthetic.bLeaf]], configuration: env.config)
        sizes["welcome_synthetic"] = synthetic.welcome.encodedSize
    }
    let commit = try a.commit(options: CommitOptions(forcePath: true))
    let joiner = try env.member("joiner")
    let addOne = try a.commit([.add(AddProposal(keyPackage: joiner.keyPackage))])
    sizes["ratchet_tree"] = a.ratchetTree.mlsEncoded.count
    sizes["commit_path"] = commit.commit.encodedSize
    sizes["group_info"] = try commit.groupInfo().encodedSize
    sizes["welcome"] = try welcomeOf(addOne).encodedSize
    sizes["group_state_a"] = a.encoded().count
    sizes["group_state_b"] = b.encoded().count
    return GroupFixture(a: a, b: b, commitForB: commit.commit, welcome: try welcomeOf(addOne), joiner: joiner, sizes: sizes)
}

/// Per-process cache: a fixture is built once, the first time a benchmark asks for it.
public final class FixtureCache: @unchecked Sendable {
    public static let shared = FixtureCache()
    private let lock = NSLock()
    private var fixtures: [String: GroupFixture] = [:]

    /// `build` returns the fixture and how it was obtained ("built", "loaded from disk").
    public func fixture(_ key: String, build: () throws -> (GroupFixture, String)) -> GroupFixture? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = fixtures[key] { return cached }
        do {
            let start = ContinuousClock.now
            let (built, how) = try build()
            let elapsed = ContinuousClock.now - start
            fixtures[key] = built
            let sizes = built.sizes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            FileHandle.standardError.write(Data("[fixture] \(key) \(how) in \(elapsed); bytes: \(sizes)\n".utf8))
            return built
        } catch {
            FileHandle.standardError.write(Data("[fixture] \(key) FAILED: \(error)\n".utf8))
            return nil
        }
    }
}

public enum TreeVariant: String, Sendable {
    case full
    case blank
}

/// "0x0001" / "0xF001": the suite tag used in benchmark names.
public func tag(_ suite: CipherSuite) -> String {
    let hex = String(suite.rawValue, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}

public func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("benchmark setup failed: \(message)\n".utf8))
    exit(1)
}

/// The cached fixture of this suite, size and tree shape; exits if it cannot be built.
///
/// Large fixtures come from the on-disk cache (`FixtureStore`) when it holds them, and are
/// written there after being built, so that each is built once and not in every benchmark
/// process.
public func fixture(_ env: BenchEnv, n: Int, variant: TreeVariant) -> GroupFixture {
    let key = "\(tag(env.suite)) \(variant.rawValue) n=\(n)"
    let built = FixtureCache.shared.fixture(key) {
        let onDisk = FixtureStore.caches(n: n)
        if onDisk, let stored = FixtureStore.load(env, variant: variant, n: n) { return (stored, "loaded from disk") }
        let fresh: GroupFixture
        switch variant {
        case .full: fresh = try buildFullFixture(env: env, n: n)
        case .blank: fresh = try buildBlankFixture(env: env, n: n)
        }
        if onDisk { try FixtureStore.save(fresh, env: env, variant: variant, n: n) }
        return (fresh, "built")
    }
    guard let built else { fail(key) }
    return built
}
