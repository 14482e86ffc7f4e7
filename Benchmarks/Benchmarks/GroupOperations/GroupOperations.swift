// MLS operations through the group API (MLSGroup), for suite 1 and the X-Wing suite 0xF001:
// application message protect/unprotect, commit creation and processing, join from a
// Welcome, on a full tree and on the mostly blank tree right after one big Add.
//
// Sizes: COVE_BENCH_SIZES (comma separated, default "2,100,1000,10000").
// Suites: COVE_BENCH_SUITES (default "1,F001", hex).
// The lower bound of each operation is computed from the Primitives benchmarks; the formulas
// are in docs/PERFORMANCE.md.
import Benchmark
import BenchSupport
import Foundation
import MLS

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock],
        timeUnits: .microseconds,
        warmupIterations: 5,
        maxDuration: .seconds(3),
        maxIterations: 5_000
    )
    let environment = ProcessInfo.processInfo.environment
    let sizes = (environment["COVE_BENCH_SIZES"] ?? "2,100,1000,10000")
        .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 >= 2 }
    let suites = (environment["COVE_BENCH_SUITES"] ?? "1,F001")
        .split(separator: ",").compactMap { UInt16($0.trimmingCharacters(in: .whitespaces), radix: 16) }
        .map { CipherSuite(rawValue: $0) }
    for suite in suites {
        guard let env = try? BenchEnv(suite: suite) else { continue }
        registerApplication(env)
        registerAddMembers(env, count: 100)
        for n in sizes {
            registerTreeOperations(env, n: n, variant: .full)
            registerTreeOperations(env, n: n, variant: .blank)
        }
    }
}

// MARK: Application messages

/// protect = encryptApplicationData (sign + PrivateMessage encryption); unprotect = process
/// (decryption + signature verification) by the other member. Group of 2 members.
func registerApplication(_ env: BenchEnv) {
    let t = tag(env.suite)
    for (sizeName, size) in [("100B", 100), ("64KiB", 64 * 1024)] {
        let payload = [UInt8](repeating: 0x5A, count: size)
        let pair = Box<(MLSGroup, MLSGroup)?>(nil)
        let setup: Benchmark.BenchmarkSetupHook = {
            let f = fixture(env, n: 2, variant: .blank)
            pair.value = (f.a, f.b)
        }
        Benchmark("\(t) app protect+unprotect \(sizeName)", configuration: .init(timeUnits: .nanoseconds, setup: setup)) { benchmark in
            guard let p = pair.value else { fail("no fixture") }
            var (a, b) = p
            for _ in benchmark.scaledIterations {
                do {
                    let message = try a.encryptApplicationData(payload)
                    guard case .application(let received) = try b.process(message), received.data.count == size else { fail("not application data") }
                    blackHole(received)
                } catch { fail("\(error)") }
            }
            pair.value = (a, b)
        }
        Benchmark("\(t) app protect \(sizeName)", configuration: .init(timeUnits: .nanoseconds, setup: setup)) { benchmark in
            guard let p = pair.value else { fail("no fixture") }
            var (a, b) = p
            for _ in benchmark.scaledIterations {
                do { blackHole(try a.encryptApplicationData(payload)) } catch { fail("\(error)") }
            }
            pair.value = (a, b)
        }
        Benchmark("\(t) app unprotect \(sizeName)", configuration: .init(timeUnits: .nanoseconds, setup: setup)) { benchmark in
            guard let p = pair.value else { fail("no fixture") }
            var (a, b) = p
            do {
                let message = try a.encryptApplicationData(payload)
                benchmark.startMeasurement()
                let received = try b.process(message)
                benchmark.stopMeasurement()
                blackHole(received)
            } catch { fail("\(error)") }
            pair.value = (a, b)
        }
    }
}

// MARK: Add

/// One commit adding `count` members to a 2-member group (Add proposals by value, no path),
/// including the Welcome for them. Compare: Wire core-crypto "adding 100 users".
func registerAddMembers(_ env: BenchEnv, count: Int) {
    let t = tag(env.suite)
    let state = Box<(MLSGroup, [Proposal])?>(nil)
    let setup: Benchmark.BenchmarkSetupHook = {
        let f = fixture(env, n: 2, variant: .blank)
        do {
            let joiners = try env.members(count, prefix: "add")
            state.value = (f.a, joiners.map { .add(AddProposal(keyPackage: $0.keyPackage)) })
        } catch { fail("\(error)") }
    }
    Benchmark("\(t) commit add-\(count) n=2", configuration: .init(maxDuration: .seconds(5), maxIterations: 500, setup: setup)) { benchmark in
        guard let (a, adds) = state.value else { fail("no fixture") }
        for _ in benchmark.scaledIterations {
            do { blackHole(try a.commit(adds)) } catch { fail("\(error)") }
        }
    }
}

// MARK: Commits and joins

func registerTreeOperations(_ env: BenchEnv, n: Int, variant: TreeVariant) {
    let t = tag(env.suite)
    let f = Box<GroupFixture?>(nil)
    let setup: Benchmark.BenchmarkSetupHook = { f.value = fixture(env, n: n, variant: variant) }
    let big = n >= 1000
    let config = Benchmark.Configuration(
        warmupIterations: big ? 1 : 3,
        maxDuration: .seconds(big ? 20 : 5),
        maxIterations: big ? 25 : 1_000,
        setup: setup
    )

    // The committer creates a commit with a fresh UpdatePath (no proposals, forcePath), as
    // for a self-update; this includes signing the new GroupInfo. The commit is not merged,
    // so every iteration starts from the same state.
    Benchmark("\(t) commit-create \(variant.rawValue) n=\(n)", configuration: config) { benchmark in
        guard let a = f.value?.a else { fail("no fixture") }
        for _ in benchmark.scaledIterations {
            do { blackHole(try a.commit(options: CommitOptions(forcePath: true))) } catch { fail("\(error)") }
        }
    }

    // Another member processes that commit (verification, decryption of its path secret,
    // key schedule) and merges it, on a copy of its state.
    Benchmark("\(t) commit-process \(variant.rawValue) n=\(n)", configuration: config) { benchmark in
        guard let fixture = f.value else { fail("no fixture") }
        for _ in benchmark.scaledIterations {
            var b = fixture.b
            do { try processAndMerge(&b, fixture.commitForB) } catch { fail("\(error)") }
            blackHole(b)
        }
    }

    // A new member joins from a Welcome with the ratchet tree in the GroupInfo.
    // blank: the Welcome of the big Add itself (n members); full: a Welcome adding one member
    // to the full tree (n+1 members).
    Benchmark("\(t) join \(variant.rawValue) n=\(n)", configuration: config) { benchmark in
        guard let fixture = f.value else { fail("no fixture") }
        for _ in benchmark.scaledIterations {
            do {
                blackHole(try MLSGroup.join(welcome: fixture.welcome, keyPackages: [fixture.joiner], configuration: env.config))
            } catch { fail("\(error)") }
        }
    }
}
