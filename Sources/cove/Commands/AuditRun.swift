import CoveClient
import CoveTransparency
import Foundation

/// One run of `cove audit`: the checks in order, the state file written only after all passed.
struct AuditRun: Sendable {
    struct OtherState: Sendable {
        var path: String
        var state: AuditorState
    }

    var server: String
    var stateURL: URL?
    var others: [OtherState]
    var expectedFingerprint: String?
    var pageSize: UInt64
    var output: Output

    func run() async throws {
        let reader = try TransparencyLogReader(server: server)
        let (origin, key) = try await reader.logKey()
        if let expectedFingerprint, Self.normalizedFingerprint(expectedFingerprint) != Self.normalizedFingerprint(key.fingerprint) {
            throw AuditAlert(kind: "key_changed", code: "kt.invalid_key",
                             message: "the server announces log key \(key.fingerprint), not the fingerprint you gave",
                             hint: Self.keyHint).report(output)
        }
        var state: AuditorState
        var firstAudit = false
        if let stateURL, FileManager.default.fileExists(atPath: stateURL.path) {
            state = try Self.readState(stateURL, what: "state file").state
            guard state.publicKey == key, state.origin == origin else {
                throw AuditAlert(kind: "key_changed", code: "kt.invalid_key",
                                 message: "the server now announces another log (key \(key.fingerprint)) than the one this state "
                                     + "file audited (key \(state.publicKey.fingerprint)): a log may not change its key", hint: Self.keyHint)
                    .report(output)
            }
        } else {
            state = AuditorState(origin: origin, publicKey: key)
            firstAudit = true
        }
        for other in others where other.state.publicKey != key || other.state.origin != origin {
            throw CLIError("audit.other_log", "\(other.path) is the state of an auditor of another log (key \(other.state.publicKey.fingerprint))",
                           hint: "compare only with state files of auditors of this log (key \(key.fingerprint))")
        }

        // 1. The new entries, hashed on top of the tree audited before; gossip at sizes in that range.
        var gossip: [SignedCheckpoint] = []
        for checkpoint in others.flatMap(\.state.checkpoints) where !gossip.contains(checkpoint) { gossip.append(checkpoint) }
        let before = state
        let report: Auditor.Report
        do {
            report = try await Auditor.audit(state: &state, source: reader, gossip: gossip, pageSize: pageSize)
        } catch {
            throw AuditAlert(error, key: key).report(output)
        }
        guard let head = state.checkpoints.last else {
            throw CLIError("audit.unavailable", "the log answered no checkpoint", hint: "run the audit again")
        }

        // 2. Gossip the audit could not place (older than this run, not in the saved history, or
        //    newer than the log's head): a consistency proof between it and the head.
        var proved = 0
        var ahead: [UInt64] = []
        for checkpoint in gossip where !Self.auditCovered(checkpoint, before: before, newSize: head.checkpoint.size)
            && checkpoint != head && checkpoint.checkpoint.size > 0 {
            let (small, large) = checkpoint.checkpoint.size <= head.checkpoint.size ? (checkpoint, head) : (head, checkpoint)
            let proof: [[UInt8]]
            do {
                proof = try await reader.consistencyProof(from: small.checkpoint.size, to: large.checkpoint.size)
            } catch let error as CoveClientError where !error.code.rawValue.hasPrefix("network.") {
                if checkpoint.checkpoint.size > head.checkpoint.size {
                    ahead.append(checkpoint.checkpoint.size)
                    continue
                }
                throw AuditAlert(kind: "split_view", code: "kt.split_view",
                                 message: "the log cannot prove that a checkpoint another auditor saw (size \(checkpoint.checkpoint.size)) "
                                     + "belongs to its history (\(error.code.rawValue))",
                                 evidence: [checkpoint, head]).report(output)
            }
            do {
                try LogVerifier.compare(checkpoint, head, publicKey: key, origin: origin, consistencyProof: proof)
            } catch {
                throw AuditAlert(error, key: key).report(output)
            }
            proved += 1
        }

        // 3. The other auditors' histories, size by size.
        var compared = 0
        for other in others {
            do { compared += try state.compare(with: other.state) } catch {
                throw AuditAlert(error, key: key, against: other.path).report(output)
            }
        }

        if let stateURL {
            try AtomicFile.write(state.mlsEncoded, to: stateURL, permissions: 0o644, replace: true)
        }
        emit(report, head: head, fingerprint: key.fingerprint, firstAudit: firstAudit, gossipChecked: report.gossipChecked + proved,
             compared: compared, ahead: ahead)
    }

    func emit(_ report: Auditor.Report, head: SignedCheckpoint, fingerprint: String, firstAudit: Bool, gossipChecked: Int,
              compared: Int, ahead: [UInt64]) {
        let root = AuditAlert.hex(head.checkpoint.rootHash)
        output.machine(.object([
            ("type", .string("audit")), ("server", .string(server)), ("origin", .string(String(decoding: head.checkpoint.origin, as: UTF8.self))),
            ("fingerprint", .string(fingerprint)), ("first_audit", .bool(firstAudit)),
            ("old_size", .int(report.oldSize)), ("new_size", .int(report.newSize)), ("entries_checked", .int(report.entriesChecked)),
            ("root", .string(root)), ("timestamp", .int(head.checkpoint.timestamp)),
            ("gossip_checked", .int(gossipChecked)), ("histories_compared", .int(compared)),
            ("ahead_sizes", .array(ahead.map { .int($0) })), ("state", stateURL.map { .string($0.path) } ?? .null),
        ]))
        var trust = ""
        if expectedFingerprint != nil { trust = " (matches --fingerprint)" } else if firstAudit { trust = " (first audit: trusted as the server announced it; compare it with the operator's)" }
        output.human("Log key \(fingerprint)\(trust)")
        output.human("Tree size \(report.oldSize) -> \(report.newSize): \(report.entriesChecked) new entries downloaded and hashed; "
                     + "root \(root) matches the checkpoint signed at \(AuditAlert.time(head.checkpoint.timestamp)).")
        if !others.isEmpty {
            output.human("Gossip: \(gossipChecked) checkpoints from \(others.count) state file\(others.count == 1 ? "" : "s") belong to this "
                         + "history; \(compared) size\(compared == 1 ? "" : "s") compared between histories.")
        }
        if !ahead.isEmpty {
            output.human("Warning: other auditors saw larger logs (sizes \(ahead.map(String.init).joined(separator: ", "))) than this server "
                         + "shows now: it is behind, or hides entries; audit again later.")
        }
        output.human(stateURL.map { "State saved to \($0.path)." } ?? "No --state: nothing saved; the next audit starts over.")
        output.human("OK: the log only grew and agrees with every checkpoint compared.")
    }

    static let keyHint = "check the log key fingerprint with the operator over another channel; until then, do not trust "
        + "keys from this server; the state file was not changed"

    /// Whether `Auditor.audit` checked this gossiped checkpoint itself: its size was hashed in
    /// this run, or equals a checkpoint of the saved history.
    static func auditCovered(_ checkpoint: SignedCheckpoint, before: AuditorState, newSize: UInt64) -> Bool {
        let size = checkpoint.checkpoint.size
        if size > before.size { return size <= newSize }
        return before.checkpoints.contains { $0.checkpoint.size == size }
    }

    /// Reads and strictly decodes an auditor state file (signatures re-verified).
    static func readState(_ url: URL, what: String) throws -> OtherState {
        let bytes: Data
        do { bytes = try Data(contentsOf: url) } catch {
            throw CLIError("audit.unreadable_state", "cannot read the \(what) \(url.path)",
                           hint: "check the path; a state file is written by 'cove audit --state FILE'")
        }
        do {
            return OtherState(path: url.path, state: try AuditorState.decode(Array(bytes)))
        } catch {
            throw CLIError("audit.bad_state", "the \(what) \(url.path) is not a valid auditor state (\(error.code.rawValue))",
                           hint: "use a file written by 'cove audit --state FILE'; if it is your own, it was damaged: "
                               + "move it away and audit from scratch")
        }
    }

    /// 32 lowercase hex digits, or nil.
    static func normalizedFingerprint(_ text: String) -> String? {
        let digits = text.lowercased().filter { !$0.isWhitespace }
        guard digits.count == 32, digits.allSatisfy(\.isHexDigit) else { return nil }
        return digits
    }
}
