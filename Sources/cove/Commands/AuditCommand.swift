import ArgumentParser
import CoveClient
import CoveTransparency
import Foundation

/// `cove audit --server URL [--state FILE] [--compare FILE ...] [--fingerprint FP] [--page-size N]`
///
/// An independent auditor of a server's key-transparency log: it needs no account and no home.
/// It downloads the entries added since its last run in ranges, recomputes the Merkle tree on
/// top of the tree it verified before (saved in the state file), requires the recomputed root to
/// equal the root of the log's newest signed checkpoint, and compares checkpoints with other
/// auditors' state files (gossip). The state file changes only when every check passed.
///
/// Exit status: 0 the log is consistent; 1 the audit could not run (network, unreadable file,
/// usage: 64); 3 the log misbehaved (split view, rewritten or rolled-back log, bad signature,
/// changed key), with an `ALERT` and the evidence on stdout.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit a server's key-transparency log: recompute its tree, check it only grows, compare with other auditors.",
        discussion: """
            Downloads the log's entries (only the new ones when --state holds an earlier run), recomputes the tree,
            and checks that the log's newest signed checkpoint matches it and extends every checkpoint audited before.
            --compare reads other auditors' state files and checks that every checkpoint they saw belongs to the same
            history (gossip). On a split view, a rewritten or rolled-back log or a changed log key it prints an ALERT
            with the two signed checkpoints as evidence and exits with status 3; the state file is left unchanged.
            Run it periodically, e.g. from cron, and share the state file with other auditors.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The server whose log to audit, e.g. https://cove.example.", valueName: "url"))
    var server: String

    @Option(help: ArgumentHelp("This auditor's state file: read if it exists, written after a clean audit.", valueName: "file"),
            completion: .file())
    var state: String?

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Other auditors' state files to compare checkpoints with (gossip).", valueName: "file"),
            completion: .file())
    var compare: [String] = []

    @Option(help: ArgumentHelp("The log key fingerprint the operator published (8 groups of 4 hex digits); "
                                   + "without it, a first audit trusts the key the server announces.", valueName: "fp"))
    var fingerprint: String?

    @Option(name: .customLong("page-size"), help: ArgumentHelp("Entries per download request (1-1000).", valueName: "n"))
    var pageSize: Int = 1000

    func validate() throws {
        guard (1...1000).contains(pageSize) else { throw ValidationError("--page-size must be between 1 and 1000") }
        if let fingerprint, AuditRun.normalizedFingerprint(fingerprint) == nil {
            throw ValidationError("--fingerprint must be 32 hex digits (spaces allowed), as 'cove init' prints it")
        }
    }

    func run() async throws {
        let url = try InputValidation.serverURL(server)
        let stateURL = state.map { URL(fileURLWithPath: GlobalOptions.expandingTilde($0)) }
        let others = try compare.map { try AuditRun.readState(URL(fileURLWithPath: GlobalOptions.expandingTilde($0)), what: "--compare file") }
        let run = AuditRun(server: url, stateURL: stateURL, others: others, expectedFingerprint: fingerprint,
                           pageSize: UInt64(pageSize), output: global.output)
        try await run.run()
    }
}
