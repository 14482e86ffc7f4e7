// Runs one MLS operation in a loop on a benchmark fixture, to profile it:
//   swift build -c release --product profile-ops
//   perf record -e cpu-clock -g .build/release/profile-ops join blank 1000 1 20
// Arguments: operation (protect | unprotect | commit-create | commit-process | join | add-100),
// tree (full | blank), members, suite (hex), iterations.
import BenchSupport
import Foundation
import MLS

let args = CommandLine.arguments
guard args.count >= 6, let n = Int(args[3]), let rawSuite = UInt16(args[4], radix: 16), let iterations = Int(args[5]),
      let variant = TreeVariant(rawValue: args[2]) else {
    fail("usage: profile-ops OPERATION full|blank MEMBERS SUITE_HEX ITERATIONS")
}
do {
    let env = try BenchEnv(suite: CipherSuite(rawValue: rawSuite))
    var f = fixture(env, n: n, variant: variant)
    let payload = [UInt8](repeating: 0x5A, count: 100)
    let adds: [Proposal] = args[1] == "add-100"
        ? try env.members(100, prefix: "add").map { .add(AddProposal(keyPackage: $0.keyPackage)) } : []
    let start = ContinuousClock.now
    for _ in 0..<iterations {
        switch args[1] {
        case "protect": _ = try f.a.encryptApplicationData(payload)
        case "unprotect": _ = try f.b.process(try f.a.encryptApplicationData(payload))
        case "commit-create": _ = try f.a.commit(options: CommitOptions(forcePath: true))
        case "commit-process":
            var b = f.b
            try processAndMerge(&b, f.commitForB)
        case "join": _ = try MLSGroup.join(welcome: f.welcome, keyPackages: [f.joiner], configuration: env.config)
        case "add-100": _ = try f.a.commit(adds)
        default: fail("unknown operation \(args[1])")
        }
    }
    print("\(args[1]) \(variant.rawValue) n=\(n) suite=\(args[4]): \((ContinuousClock.now - start) / iterations) per iteration")
} catch {
    fail("\(error)")
}
