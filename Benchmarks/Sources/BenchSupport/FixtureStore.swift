// On-disk cache of built fixtures, so that a large fixture (10,000 members: minutes to build) is
// built once and then loaded by every benchmark process, every profiling run and every later run.
//
// A fixture is stored as the library's own versioned group-state encoding (`MLSGroup.encoded()`,
// restored with `MLSGroup(encoded:configuration:)`) for `a` and `b`, the commit and the Welcome as
// MLSMessages, and the joiner's KeyPackageBundle:
//
//   opaque magic<V> = "cove-bench-fixture";  uint16 fixture_format = 1;
//   opaque a_state<V>; opaque b_state<V>;    MLSMessage commit_for_b; MLSMessage welcome;
//   KeyPackage joiner_key_package; opaque init_private<V>; opaque encryption_private<V>;
//   Credential joiner_credential; opaque joiner_signature_private<V>;
//   SizeEntry sizes<V>;                      // opaque name<V>; uint64 bytes
//
// The file name carries the suite, the tree shape and the size. A file that does not decode (an
// older fixture format, or a group-state format the library no longer reads) is rebuilt and
// replaced. The files hold private keys of throwaway benchmark identities only.
//
// Directory: COVE_BENCH_FIXTURE_DIR, default Benchmarks/.fixtures (git-ignored). Sizes below
// COVE_BENCH_CACHE_MIN members (default 1,000) are not cached: they build in seconds.
import Foundation
import MLS

public enum FixtureStore {
    static let magic = Array("cove-bench-fixture".utf8)
    static let format: UInt16 = 1

    /// Where fixtures are kept.
    public static var directory: URL {
        if let dir = ProcessInfo.processInfo.environment["COVE_BENCH_FIXTURE_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir, isDirectory: true)
        }
        // Benchmarks/Sources/BenchSupport/FixtureStore.swift -> Benchmarks/.fixtures
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".fixtures", isDirectory: true)
    }

    /// Whether fixtures of `n` members are cached on disk.
    public static func caches(n: Int) -> Bool {
        let minimum = ProcessInfo.processInfo.environment["COVE_BENCH_CACHE_MIN"].flatMap { Int($0) } ?? 1_000
        return n >= minimum
    }

    public static func url(suite: CipherSuite, variant: TreeVariant, n: Int) -> URL {
        directory.appendingPathComponent("\(tag(suite))-\(variant.rawValue)-n\(n).fixture")
    }

    /// The stored fixture, or nil if there is none or it cannot be read (it is then rebuilt).
    public static func load(_ env: BenchEnv, variant: TreeVariant, n: Int) -> GroupFixture? {
        let file = url(suite: env.suite, variant: variant, n: n)
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        do {
            return try decode([UInt8](data), env: env)
        } catch {
            FileHandle.standardError.write(Data("[fixture] \(file.lastPathComponent) unreadable (\(error)); rebuilding\n".utf8))
            return nil
        }
    }

    /// Writes the fixture atomically (temporary file, then rename), so that a process killed
    /// while writing never leaves a truncated fixture behind.
    public static func save(_ fixture: GroupFixture, env: BenchEnv, variant: TreeVariant, n: Int) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = url(suite: env.suite, variant: variant, n: n)
        try Data(encode(fixture)).write(to: file, options: .atomic)
    }

    static func encode(_ f: GroupFixture) -> [UInt8] {
        var w = MLSWriter()
        w.writeOpaque(magic)
        w.write(format)
        w.writeOpaque(f.a.encoded())
        w.writeOpaque(f.b.encoded())
        w.write(f.commitForB)
        w.write(f.welcome)
        w.write(f.joiner.keyPackage)
        w.writeOpaque(f.joiner.initPrivateKey.exposedBytes)
        w.writeOpaque(f.joiner.encryptionPrivateKey.exposedBytes)
        w.write(f.joiner.signingIdentity.credential)
        w.writeOpaque(f.joiner.signingIdentity.signaturePrivateKey.exposedBytes)
        w.writeVector { v in
            for (name, bytes) in f.sizes.sorted(by: { $0.key < $1.key }) {
                v.writeOpaque(Array(name.utf8))
                v.write(UInt64(bytes))
            }
        }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8], env: BenchEnv) throws -> GroupFixture {
        var r = MLSReader(bytes)
        let limit = Int(UInt32.max)
        guard try r.readOpaque(maxLength: limit) == magic, try r.readUInt16() == format else {
            throw FixtureError.unexpected("other fixture format")
        }
        let a = try MLSGroup(encoded: try r.readOpaque(maxLength: limit), configuration: env.config)
        let b = try MLSGroup(encoded: try r.readOpaque(maxLength: limit), configuration: env.config)
        let commit = try r.read(MLSMessage.self)
        let welcome = try r.read(MLSMessage.self)
        let keyPackage = try r.read(KeyPackage.self)
        let initPrivate = SecretBytes(try r.readOpaque(maxLength: limit))
        let encryptionPrivate = SecretBytes(try r.readOpaque(maxLength: limit))
        let credential = try r.read(Credential.self)
        let identity = try SigningIdentity(
            credential: credential, signaturePrivateKey: SecretBytes(try r.readOpaque(maxLength: limit)), provider: env.provider
        )
        var sizes: [String: Int] = [:]
        try r.readVector { (v: inout MLSReader) throws(CodecError) in
            while !v.isAtEnd {
                let name = String(decoding: try v.readOpaque(maxLength: 256), as: UTF8.self)
                sizes[name] = Int(try v.readUInt64())
            }
        }
        try r.finish("fixture")
        let joiner = KeyPackageBundle(
            keyPackage: keyPackage, initPrivateKey: initPrivate, encryptionPrivateKey: encryptionPrivate, signingIdentity: identity
        )
        return GroupFixture(a: a, b: b, commitForB: commit, welcome: welcome, joiner: joiner, sizes: sizes)
    }
}
