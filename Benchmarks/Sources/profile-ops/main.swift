// Runs one MLS operation in a loop on a benchmark fixture, to profile it:
//   swift build -c release --product profile-ops
//   perf record -e cpu-clock -g .build/release/profile-ops join blank 1000 1 20
// Instruction counts of the measured loop only (not the fixture build), with callgrind:
//   valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measuredLoop*' \
//     .build/release/profile-ops commit-create full 1000 1 5
//   (then `callgrind_annotate` or the "Collected" line; divide by the iteration count)
// Arguments: operation (protect | unprotect | commit-create | commit-process | join | add-100 |
// build), tree (full | blank), members, suite (hex), iterations, and optionally the application
// payload size in bytes for protect/unprotect (default 100), e.g. 65536 for the 64 KiB case:
//   .build/release/profile-ops protect blank 2 1 200 65536
// `build` only builds (or loads)
// the fixture, e.g. to fill the on-disk fixture cache once:
//   nice .build/release/profile-ops build full 10000 F001 0
// Each line printed also carries the load average before and after the loop (/proc/loadavg):
// the machine is shared, so a wall-clock figure means little without it.
import BenchSupport
import Foundation
import MLS

let args = CommandLine.arguments
guard args.count >= 6, let n = Int(args[3]), let rawSuite = UInt16(args[4], radix: 16), let iterations = Int(args[5]),
      let variant = TreeVariant(rawValue: args[2]) else {
    fail("usage: profile-ops OPERATION full|blank MEMBERS SUITE_HEX ITERATIONS [PAYLOAD_BYTES]")
}
let payloadSize = args.count >= 7 ? Int(args[6]) ?? -1 : 100
guard payloadSize >= 0 else { fail("PAYLOAD_BYTES must be a non-negative integer") }

/// The measured region; its name is what callgrind's --toggle-collect matches.
@inline(never)
func measuredLoop(_ operation: String, _ f: inout GroupFixture, _ env: BenchEnv, _ adds: [Proposal], _ iterations: Int) throws {
    let payload = [UInt8](repeating: 0x5A, count: payloadSize)
    for _ in 0..<iterations {
        switch operation {
        case "protect": _ = try f.a.encryptApplicationData(payload)
        case "unprotect": _ = try f.b.process(try f.a.encryptApplicationData(payload))
        case "commit-create": _ = try f.a.commit(options: CommitOptions(forcePath: true))
        case "commit-process":
            var b = f.b
            try processAndMerge(&b, f.commitForB)
        case "join": _ = try MLSGroup.join(welcome: f.welcome, keyPackages: [f.joiner], configuration: env.config)
        case "add-100": _ = try f.a.commit(adds)
        case "build": break
        default: fail("unknown operation \(operation)")
        }
    }
}

/// The 1-minute load average, or "?" where /proc/loadavg does not exist.
func loadAverage() -> String {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
    return String(text.split(separator: " ").first ?? "?")
}

do {
    let env = try BenchEnv(suite: CipherSuite(rawValue: rawSuite))
    var f = fixture(env, n: n, variant: variant)
    let adds: [Proposal] = args[1] == "add-100"
        ? try env.members(100, prefix: "add").map { .add(AddProposal(keyPackage: $0.keyPackage)) } : []
    let loadBefore = loadAverage()
    let start = ContinuousClock.now
    try measuredLoop(args[1], &f, env, adds, iterations)
    let elapsed = ContinuousClock.now - start
    let perIteration = iterations > 0 ? "\(elapsed / iterations) per iteration" : "no iterations"
    print("\(args[1]) \(variant.rawValue) n=\(n) suite=\(args[4]) payload=\(payloadSize): \(perIteration) (\(iterations)); load \(loadBefore) -> \(loadAverage())")
} catch {
    fail("\(error)")
}
