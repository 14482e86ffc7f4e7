import CoveProtocol
import CoveTransparency
import Foundation
import MLS

/// Keys of the settings table for key transparency (docs/transparency.md §6).
enum TransparencySettings {
    /// The log's origin (UTF-8) and Ed25519 public key, pinned at init.
    static let origin = "kt_origin"
    static let key = "kt_key"
    /// The newest verified `SignedCheckpoint` (TLS encoding).
    static let checkpoint = "kt_checkpoint"
    /// The monitor's `AuditorState`: the tree recomputed up to the last scanned entry.
    static let monitor = "kt_monitor"
    /// JSON `LinkedDevices`: the own user's devices this client knows were linked.
    static let linked = "kt_linked"
}

extension CoveClient {
    /// The alert kind of every transparency alert.
    static let transparencyAlert = "transparency"

    /// Fingerprint of the log key pinned at init (`cove init` prints it; compare it with the one
    /// the server operator publishes).
    public func transparencyFingerprint() async throws -> String {
        try await logVerifier().publicKey.fingerprint
    }

    /// The newest checkpoint this client verified (TLS `SignedCheckpoint`), to gossip to other
    /// clients and auditors; nil before the first one.
    public func latestCheckpoint() async throws -> [UInt8]? {
        try await store.setting(TransparencySettings.checkpoint)
    }

    /// Gossip: checks a checkpoint another party obtained from this log (another client, an
    /// auditor) against this client's view. A different root at the same size, or no consistency
    /// proof between the two sizes, is a split view: throws `transparency.split_view` and raises an alert.
    public func compareCheckpoint(_ encoded: [UInt8]) async throws {
        let other: SignedCheckpoint
        do { other = try SignedCheckpoint.decode(encoded) } catch {
            throw CoveClientError.transparency(error, "the checkpoint to compare")
        }
        let verifier = try await logVerifier()
        guard let mine = verifier.latest else { return }
        let (small, large) = (min(mine.checkpoint.size, other.checkpoint.size), max(mine.checkpoint.size, other.checkpoint.size))
        var proof: [[UInt8]] = []
        if small < large {
            do { proof = try await TransparencyLogReader(api: api).consistencyProof(from: small, to: large) } catch let error as CoveClientError
                where error.code != .serverUnreachable {
                proof = []  // the log cannot prove it: the views are split (checked below)
            }
        }
        do { try verifier.compare(with: other, consistencyProof: proof) } catch {
            throw await transparencyFailure(.transparency(error, "a checkpoint gossiped by another party disagrees with this client's view of the log"))
        }
    }

    /// Pins the log's key and origin and verifies the first checkpoint (init, device link).
    /// `registered`: the registration answer, whose checkpoint must include this device's key.
    func pinTransparencyLog(registered: RegisterResponse?) async throws {
        let reader = TransparencyLogReader(api: api)
        let (origin, key) = try await reader.logKey()
        var verifier: LogVerifier
        do { verifier = try LogVerifier(publicKey: key, origin: origin) } catch {
            throw CoveClientError.transparency(error, "the server's log key")
        }
        let head: SignedCheckpoint
        if let bytes = registered?.checkpoint?.bytes {
            do { head = try SignedCheckpoint.decode(bytes) } catch { throw CoveClientError.transparency(error, "the registration's checkpoint") }
        } else {
            head = try await reader.checkpoint()
        }
        do { try verifier.verify(head, consistencyProof: []) } catch {
            throw CoveClientError.transparency(error, "the log's first checkpoint")
        }
        if let registered {
            try Self.verifyLogged(registered.inclusion, user: identity.username, deviceId: identity.deviceId,
                                  signatureKey: Array(identity.privateKey.publicKey.rawRepresentation), checkpoint: head, verifier: verifier)
        }
        try await store.apply(StoreBatch([
            .setSetting(key: TransparencySettings.origin, value: origin),
            .setSetting(key: TransparencySettings.key, value: key.rawRepresentation),
            .setSetting(key: TransparencySettings.checkpoint, value: head.mlsEncoded),
        ]))
    }

    /// The client's view of the log: pinned key and origin and the newest verified checkpoint.
    /// A store created before transparency pins the server's key now (trust on first use).
    func logVerifier() async throws -> LogVerifier {
        if try await store.setting(TransparencySettings.key) == nil { try await pinTransparencyLog(registered: nil) }
        guard let keyBytes = try await store.setting(TransparencySettings.key),
              let origin = try await store.setting(TransparencySettings.origin) else {
            throw CoveClientError(.corruptStore, "the pinned log key is missing from the store")
        }
        do {
            let latest = try await store.setting(TransparencySettings.checkpoint).map { bytes throws(TransparencyError) in
                try SignedCheckpoint.decode(bytes)
            }
            return try LogVerifier(publicKey: try LogPublicKey(rawRepresentation: keyBytes), origin: origin, latest: latest)
        } catch let error as TransparencyError {
            throw CoveClientError(.corruptStore, "the stored transparency state is damaged (\(error.code.rawValue))")
        }
    }

    /// Verifies a checkpoint the server handed out: signed by the pinned key, and consistent
    /// with the trusted one (a consistency proof from the log). A newer one becomes the trusted
    /// checkpoint (stored); an older one must be a prefix of it. Callers record failures as alerts.
    @discardableResult
    func acceptCheckpoint(_ head: SignedCheckpoint) async throws -> LogVerifier {
        var verifier = try await logVerifier()
        let before = verifier.latest
        let reader = TransparencyLogReader(api: api)
        do {
            if let latest = before, head.checkpoint.size < latest.checkpoint.size {
                // An older checkpoint (a lagging answer) must be a prefix of the trusted tree.
                let proof = try await reader.consistencyProof(from: head.checkpoint.size, to: latest.checkpoint.size)
                try verifier.compare(with: head, consistencyProof: proof)
                return verifier
            }
            let proof = try await reader.consistencyProof(from: before?.checkpoint.size ?? 0, to: head.checkpoint.size)
            try verifier.verify(head, consistencyProof: proof)
        } catch var error as TransparencyError {
            if [.invalidProofLength, .proofTooLong, .malformedHash, .indexOutOfRange].contains(error.code) {
                // The log could not prove the extension: for the user, the same as a failed proof.
                error = TransparencyError(.inconsistentLog, "\(error.code.rawValue): \(error.context)")
            }
            throw CoveClientError.transparency(error, Self.untrusted(head, trusted: before, error))
        }
        if let latest = verifier.latest, latest != before {
            try await store.apply(StoreBatch([.setSetting(key: TransparencySettings.checkpoint, value: latest.mlsEncoded)]))
        }
        return verifier
    }

    /// What the user is told when a checkpoint is refused (the alert's text).
    static func untrusted(_ head: SignedCheckpoint, trusted: SignedCheckpoint?, _ error: TransparencyError) -> String {
        let sizes = "its checkpoint of size \(head.checkpoint.size) vs the trusted one of size \(trusted?.checkpoint.size ?? 0)"
        switch error.code {
        case .inconsistentLog, .checkpointRollback, .rootMismatch:
            return "the server's key transparency log was rewritten, truncated or forked: \(sizes) is not an append-only extension"
        case .splitView:
            return "the server's key transparency log shows two different trees of the same size (split view): \(sizes)"
        case .badSignature, .wrongOrigin:
            return "the server's key transparency checkpoint is not signed by the log key pinned at init"
        default:
            return "the server's key transparency checkpoint cannot be trusted"
        }
    }

    /// Verifies every device of a directory answer is in the log (inclusion under the answer's
    /// checkpoint, after that checkpoint is accepted). Refuses the whole answer otherwise.
    func verifiedDirectory(_ list: DeviceList, user: String) async throws -> [DeviceInfo] {
        guard let bytes = list.checkpoint?.bytes else {
            throw await transparencyFailure(CoveClientError(.transparencyNotInLog, "the server listed \(user)'s devices without a log checkpoint",
                                                      hint: "the server may be misbehaving; do not trust new keys from it until this is resolved"))
        }
        let head: SignedCheckpoint
        do { head = try SignedCheckpoint.decode(bytes) } catch {
            throw await transparencyFailure(.transparency(error, "the device list's checkpoint"))
        }
        let verifier = try await recordingTransparency { try await acceptCheckpoint(head) }
        for device in list.devices {
            guard device.username == user else {
                throw await transparencyFailure(CoveClientError(.transparencyNotInLog, "the server listed a device of another user for \(user)"))
            }
            do {
                try Self.verifyLogged(device.inclusion, user: user, deviceId: device.deviceId, signatureKey: device.signatureKey.bytes,
                                      checkpoint: head, verifier: verifier)
            } catch { throw await transparencyFailure(error) }
        }
        return list.devices
    }

    /// Verifies every claimed KeyPackage's key is the device's key in the log (inclusion under
    /// the answer's checkpoint). `keyPackages`: device id -> the KeyPackage already checked to
    /// carry the device's credential.
    func verifyClaimed(_ answer: ClaimKeyPackagesResponse, devices: [DeviceInfo], keyPackages: [String: KeyPackage]) async throws {
        guard let bytes = answer.checkpoint?.bytes else {
            throw await transparencyFailure(CoveClientError(.transparencyNotInLog, "the server gave KeyPackages without a log checkpoint",
                                                      hint: "the server may be misbehaving; do not add these devices"))
        }
        let head: SignedCheckpoint
        do { head = try SignedCheckpoint.decode(bytes) } catch {
            throw await transparencyFailure(.transparency(error, "the KeyPackage claim's checkpoint"))
        }
        let verifier = try await recordingTransparency { try await acceptCheckpoint(head) }
        for device in devices {
            guard let claimed = answer.keyPackages.first(where: { $0.deviceId == device.deviceId }),
                  let keyPackage = keyPackages[device.deviceId] else { continue }
            do {
                try Self.verifyLogged(claimed.inclusion, user: device.username, deviceId: device.deviceId,
                                      signatureKey: keyPackage.leafNode.signatureKey, checkpoint: head, verifier: verifier)
            } catch { throw await transparencyFailure(error) }
        }
    }

    /// Checks `inclusion` proves a `device_added` entry binding user, device id and key, under
    /// `checkpoint` (already accepted).
    static func verifyLogged(_ inclusion: LogInclusion?, user: String, deviceId: String, signatureKey: [UInt8],
                             checkpoint: SignedCheckpoint, verifier: LogVerifier) throws(CoveClientError) {
        let what = "\(user)'s device \(deviceId)"
        let hint = "the server may be handing out a key of its own (a ghost device); nothing was encrypted to it"
        guard let inclusion else {
            throw CoveClientError(.transparencyNotInLog, "\(what) has no entry in the transparency log", hint: hint)
        }
        let entry: LogEntry
        do { entry = try LogEntry.decode(inclusion.entry.bytes) } catch {
            throw CoveClientError(.transparencyNotInLog, "\(what): its log entry is malformed", hint: hint)
        }
        guard entry.event == .deviceAdded, entry.userID == Array(user.utf8), entry.deviceID == Array(deviceId.utf8),
              entry.signatureKey == signatureKey else {
            throw CoveClientError(.transparencyNotInLog, "\(what): its key is not the one the transparency log holds", hint: hint)
        }
        do {
            try verifier.verifyInclusion(entry, index: inclusion.index, proof: inclusion.proof.map(\.bytes), checkpoint: checkpoint)
        } catch {
            throw CoveClientError(.transparencyNotInLog, "\(what): its key is not in the transparency log (\(error.code.rawValue))", hint: hint)
        }
    }

    /// Records a transparency alert (reported by the next ``sync()`` / ``events()``, like every
    /// event) and returns the error to throw.
    func transparencyFailure(_ error: CoveClientError) async -> CoveClientError {
        logger.warning("transparency check failed", metadata: ["code": "\(error.code.rawValue)"])
        let alert = ClientEvent.alert(ClientAlert(kind: Self.transparencyAlert, message: error.message))
        try? await store.apply(StoreBatch([.addEvent(Array(ClientEventEncoder.jsonLine(alert).utf8))]))
        return error
    }

    /// Runs `body`; a transparency error it throws is recorded as an alert (``transparencyFailure(_:)``).
    func recordingTransparency<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as CoveClientError where error.isTransparency {
            throw await transparencyFailure(error)
        }
    }
}

extension CoveClientError {
    /// Whether this is one of the `transparency.*` errors.
    var isTransparency: Bool { code.rawValue.hasPrefix("transparency.") }
}
