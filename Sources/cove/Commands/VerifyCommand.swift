import ArgumentParser
import CoveClient
import CoveTransparency
import Foundation

/// `cove verify USER [--confirm NUMBER | --accept] [--qr STYLE]`, `cove verify --policy block|warn` and
/// `cove verify --gossip AUDITOR_STATE`
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Show or confirm the safety number with a user; set what happens when a verified user's devices change.",
        discussion: """
            'cove verify USER' prints the 60-digit safety number between you and USER, and a QR code of it. Compare it
            with the one USER sees (in person or over a channel you trust). If it matches, run
            'cove verify USER --confirm NUMBER': USER is then verified, and if USER's devices change later, sending
            to USER stops (policy block, the default) or goes on with an alert (policy warn) until you confirm the
            new number or run 'cove verify USER --accept'. 'cove verify --policy block|warn' sets the policy for
            this home. 'cove verify --gossip FILE' compares this device's view of the key-transparency log with an
            auditor's state file (written by 'cove audit --state FILE'): a split view is an error and an alert.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The user to verify; digit groups after it are taken as the --confirm number.",
                                 valueName: "user"))
    var words: [String] = []

    @Option(help: ArgumentHelp("The safety number you compared (spaces and dashes allowed; quote it).", valueName: "number"))
    var confirm: String?

    @Flag(help: "Accept the user's current devices without comparing numbers again (the user is then not verified).")
    var accept = false

    @Option(help: ArgumentHelp("When a verified user's devices change: block sending (default) or warn.", valueName: "block|warn"))
    var policy: String?

    @Option(help: ArgumentHelp("How to draw the QR code: ansi (default), light, dark or none.", valueName: "style"))
    var qr: String = "ansi"

    @Option(help: ArgumentHelp("Compare this device's view of the key-transparency log with an auditor's state file "
                                   + "(cove audit --state FILE): gossip that catches a split view.", valueName: "file"),
            completion: .file())
    var gossip: String?

    func validate() throws {
        if let policy, VerificationPolicy(rawValue: policy) == nil {
            throw ValidationError("--policy must be block or warn")
        }
        if policy != nil, !words.isEmpty || confirm != nil || accept {
            throw ValidationError("--policy is set on its own: 'cove verify --policy block|warn'")
        }
        if gossip != nil, policy != nil || !words.isEmpty || confirm != nil || accept {
            throw ValidationError("--gossip is used on its own: 'cove verify --gossip FILE'")
        }
        if policy == nil, gossip == nil, words.isEmpty { throw ValidationError("missing the user to verify") }
        if confirm != nil && accept { throw ValidationError("give --confirm NUMBER or --accept, not both") }
        if words.count > 1 && (confirm == nil || accept) {
            throw ValidationError("unexpected arguments after the user: \(words.dropFirst().joined(separator: " "))")
        }
        if qr != "none" && QRTerminalRenderer.Style(rawValue: qr) == nil {
            throw ValidationError("--qr must be ansi, light, dark or none")
        }
    }

    func run() async throws {
        let output = global.output
        if let policy, let value = VerificationPolicy(rawValue: policy) {
            try await withSession(global) { try await $0.client.setVerificationPolicy(value) }
            output.emit(human: "Verification policy: \(value.rawValue) (\(Self.explain(value)))",
                        json: .object([("type", .string("verify_policy")), ("policy", .string(value.rawValue))]))
            return
        }
        if let gossip {
            try await compare(withAuditor: gossip, output: output)
            return
        }
        let user = try InputValidation.username(words[0])
        let (verification, policy) = try await withSession(global) { session in
            let client = session.client
            let verification: ContactVerification
            if accept {
                verification = try await client.acceptContactDevices(of: user)
            } else if let confirm {
                verification = try await client.confirmSafetyNumber(([confirm] + words.dropFirst()).joined(separator: " "), for: user)
            } else {
                verification = try await client.safetyNumber(with: user)
            }
            return (verification, try await client.verificationPolicy())
        }
        let json = Self.json(verification, policy: policy)
        if accept {
            output.emit(human: "Accepted \(user)'s current devices (\(verification.deviceIds.count)); \(user) is not verified in person: "
                            + "compare safety numbers with 'cove verify \(user)' when you can", json: json)
        } else if confirm != nil {
            output.emit(human: "Verified \(user) (\(verification.deviceIds.count) device\(verification.deviceIds.count == 1 ? "" : "s")). "
                            + "If \(user)'s devices change, sending to \(user) will \(policy == .block ? "stop" : "warn") until you check again.",
                        json: json)
        } else {
            guard !output.json else { return output.machine(json) }
            output.human("Safety number with \(user):")
            for line in verification.safetyNumber.lines { output.human("    " + line) }
            if let style = QRTerminalRenderer.Style(rawValue: qr) {
                output.human("")
                for line in QRTerminalRenderer(style: style).lines(try verification.safetyNumber.qrCode()) { output.human(line) }
            }
            output.human("")
            output.human(Self.statusLine(verification, policy: policy))
        }
    }

    /// Gossip with an auditor: its newest checkpoint, and the one of this device's size if it
    /// saw one, must belong to this device's view of the log (same root at the same size, or a
    /// consistency proof from the log). A split view throws `transparency.split_view` and is
    /// recorded as an alert.
    func compare(withAuditor path: String, output: Output) async throws {
        let state = try AuditRun.readState(URL(fileURLWithPath: GlobalOptions.expandingTilde(path)), what: "--gossip file").state
        let (compared, size) = try await withSession(global) { session in
            let client = session.client
            let mine = try await client.latestCheckpoint().flatMap { try? SignedCheckpoint.decode($0) }
            var chosen: [SignedCheckpoint] = []
            if let mine, let same = state.checkpoints.last(where: { $0.checkpoint.size == mine.checkpoint.size }) { chosen.append(same) }
            if let last = state.checkpoints.last, !chosen.contains(last) { chosen.append(last) }
            for checkpoint in chosen { try await client.compareCheckpoint(checkpoint.mlsEncoded) }
            return (chosen.count, mine?.checkpoint.size ?? 0)
        }
        output.emit(human: "This device's view of the log (size \(size)) agrees with the auditor's (\(compared) checkpoint"
                        + "\(compared == 1 ? "" : "s") compared, newest size \(state.size)).",
                    json: .object([("type", .string("gossip")), ("compared", .int(compared)), ("size", .int(size)),
                                   ("auditor_size", .int(state.size))]))
    }

    static func explain(_ policy: VerificationPolicy) -> String {
        switch policy {
        case .block: "sending to a verified user whose devices changed stops until you confirm or accept"
        case .warn: "sending to a verified user whose devices changed goes on, with an alert"
        }
    }

    static func statusLine(_ v: ContactVerification, policy: VerificationPolicy) -> String {
        switch v.status {
        case .unverified:
            return "Not verified. Compare this number with \(v.user)'s (or scan the QR code); if it matches, run: "
                + "cove verify \(v.user) --confirm NUMBER"
        case .verified:
            return "Verified: \(v.user)'s devices are the ones you verified."
        case .accepted:
            return "Accepted, not verified: \(v.user)'s devices are the ones you accepted; compare the number to verify."
        case .changed:
            let change = [v.added.isEmpty ? nil : "added: " + v.added.joined(separator: ", "),
                          v.removed.isEmpty ? nil : "removed: " + v.removed.joined(separator: ", ")].compactMap { $0 }.joined(separator: "; ")
            return "CHANGED: \(v.user)'s devices changed since you checked them (\(change)); sending to \(v.user) "
                + (policy == .block ? "is blocked" : "warns") + ". Compare the new number and run 'cove verify \(v.user) --confirm NUMBER', "
                + "or 'cove verify \(v.user) --accept'."
        }
    }

    static func json(_ v: ContactVerification, policy: VerificationPolicy) -> JSONValue {
        .object([("type", .string("safety_number")), ("user", .string(v.user)), ("safety_number", .string(v.safetyNumber.description)),
                 ("digits", .string(v.safetyNumber.digits)), ("qr_payload", .string(String(decoding: v.safetyNumber.qrPayload, as: UTF8.self))),
                 ("status", .string(v.status.rawValue)), ("devices", .array(v.deviceIds.map(JSONValue.string))),
                 ("added", .array(v.added.map(JSONValue.string))), ("removed", .array(v.removed.map(JSONValue.string))),
                 ("policy", .string(policy.rawValue))])
    }
}
