import CoveTransparency
import Foundation

/// What `cove audit` found wrong with the log, with the signed checkpoints that prove it.
///
/// Printed on stdout (`ALERT (kind): ...` and one `evidence:` line per checkpoint, or a JSON
/// `alert` object), then reported as an error with exit status 3. A failure that says nothing
/// about the log (network, a page the server did not answer) is not an alert: exit status 1.
struct AuditAlert: Sendable {
    var kind: String
    var code: String
    var message: String
    var evidence: [SignedCheckpoint] = []
    var hint = "keep this output and the state files: the checkpoints are signed by the log's key and prove it; "
        + "warn the operator and the server's users; the state file was not changed"

    init(kind: String, code: String, message: String, evidence: [SignedCheckpoint] = [], hint: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.evidence = evidence
        if let hint { self.hint = hint }
    }

    /// Classifies a check failure; `nil` kind (storage and the like) becomes a plain error.
    init(_ error: TransparencyError, key: LogPublicKey, against file: String? = nil) {
        let context = error.context.isEmpty ? "" : " (\(error.context))"
        let with = file.map { " and the state file \($0)" } ?? ""
        code = error.code.rawValue
        evidence = error.evidence.map { [$0.first, $0.second] } ?? []
        switch error.code {
        case .splitView:
            kind = "split_view"
            message = "split view: the log signed two different histories\(context) (this audit\(with)); it can show different "
                + "users different keys"
        case .rootMismatch, .inconsistentLog:
            kind = "rewritten_log"
            message = "rewritten log: the log's signed checkpoint does not extend the tree audited before\(context); entries "
                + "already published were changed or removed"
        case .checkpointRollback:
            kind = "rollback"
            message = "rolled-back log: the log's newest checkpoint is older than one audited before\(context)"
        case .badSignature, .wrongOrigin, .invalidKey:
            kind = "bad_signature"
            message = "a checkpoint is not signed by the log key \(key.fingerprint) for this log (\(error.code.rawValue))\(context)"
        case .malformedEncoding:
            kind = "malformed_entry"
            message = "the signed log holds an entry that is not a valid device-key event\(context)"
        default:
            kind = ""
            message = "could not read the log: \(error.code.rawValue)\(context)"
        }
    }

    /// Prints the alert and returns the error to throw (exit 3), or a plain error (exit 1).
    func report(_ output: Output) -> CLIError {
        guard !kind.isEmpty else {
            return CLIError("audit.unavailable", message, hint: "check the server URL and that it is running, then audit again")
        }
        output.machine(.object([
            ("type", .string("alert")), ("kind", .string(kind)), ("code", .string(code)), ("message", .string(message)),
            ("evidence", .array(evidence.map { checkpoint in
                .object([("size", .int(checkpoint.checkpoint.size)), ("root", .string(Self.hex(checkpoint.checkpoint.rootHash))),
                         ("timestamp", .int(checkpoint.checkpoint.timestamp)),
                         ("checkpoint", .string(Data(checkpoint.mlsEncoded).base64EncodedString()))])
            })),
        ]))
        output.human("ALERT (\(kind)): \(message)")
        for checkpoint in evidence {
            output.human("  evidence: size \(checkpoint.checkpoint.size), root \(Self.hex(checkpoint.checkpoint.rootHash)), signed "
                          + "\(Self.time(checkpoint.checkpoint.timestamp)): \(Data(checkpoint.mlsEncoded).base64EncodedString())")
        }
        return CLIError("audit.\(kind)", message, hint: hint, exitCode: 3)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }

    /// A checkpoint's timestamp (milliseconds, the log's clock) in UTC, ISO 8601.
    static func time(_ milliseconds: UInt64) -> String {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        return date.formatted(.iso8601)
    }
}
