import CoveProtocol
import CoveTransparency
import Foundation

/// The own user's devices this client knows were linked: the devices that existed when this
/// device joined (it was approved from one of them), itself, the ones it approved since, and the
/// ones its other linked devices said they approved (``DeviceLinkStatement``).
struct LinkedDevices: Codable, Sendable {
    struct Device: Codable, Sendable, Hashable {
        var deviceId: String
        var signatureKey: Base64Bytes
    }

    /// Device `by` said (DeviceLinkStatement, MLS-authenticated) that it links `device`.
    struct Vouch: Codable, Sendable, Hashable {
        var by: Device
        var device: Device
    }

    static let maxVouches = 1024

    /// False until the scan reached this device's own `device_added` entry.
    var baselineDone = false
    var devices: Set<Device> = []
    /// Statements of the user's other devices (absent in stores written before they existed).
    var vouches: [Vouch]?

    /// The devices this client counts as linked: its own list, plus every device a trusted
    /// device vouched for, transitively (A approved B, B approved C: C is trusted through B's
    /// statement). A statement by a device that is not trusted counts for nothing.
    var trusted: Set<Device> {
        var result = devices
        var changed = true
        while changed {
            changed = false
            for vouch in vouches ?? [] where result.contains(vouch.by) && !result.contains(vouch.device) {
                result.insert(vouch.device)
                changed = true
            }
        }
        return result
    }

    var monitorSet: Set<DeviceMonitor.LinkedDevice> {
        Set(trusted.map { DeviceMonitor.LinkedDevice(deviceID: Array($0.deviceId.utf8), signatureKey: $0.signatureKey.bytes) })
    }
}

extension CoveClient {
    /// Monitors the own user's entries in the log (``sync()`` does it after processing the
    /// queue): fetches the newest checkpoint, checks it extends the trusted one, downloads the
    /// entries added since the last scan, recomputes the tree over them (so the server cannot show
    /// the monitor other entries than the ones the checkpoint commits to), and records an alert
    /// for every device event of this user that this client did not link. A failed check is
    /// recorded as an alert too, and the monitor's state does not advance. Returns the events
    /// not reported yet (as ``sync()`` does).
    public func checkTransparency() async throws -> [ClientEvent] {
        try await locked {
            try await self.monitorOwnDevices()
            return try await self.drainEvents()
        }
    }

    /// Records a device this client approved (before the approval, so no scan can miss it).
    func recordLinkedDevice(deviceId: String, signatureKey: [UInt8]) async throws {
        var linked = try await linkedDevices() ?? LinkedDevices()
        linked.devices.insert(.init(deviceId: deviceId, signatureKey: Base64Bytes(signatureKey)))
        try await store.apply(StoreBatch([.setSetting(key: TransparencySettings.linked, value: Array(try JSONEncoder().encode(linked)))]))
    }

    func linkedDevices() async throws -> LinkedDevices? {
        guard let bytes = try await store.setting(TransparencySettings.linked) else { return nil }
        do { return try JSONDecoder().decode(LinkedDevices.self, from: Data(bytes)) } catch {
            throw CoveClientError(.corruptStore, "the stored list of linked devices is damaged")
        }
    }

    /// ``checkTransparency()`` with the lock held; failures are recorded as alerts, not thrown
    /// (the messages processed before must still be reported).
    func monitorOwnDevices() async throws {
        do {
            try await recordingTransparency { try await self.scanOwnEntries() }
        } catch let error as CoveClientError where error.isTransparency {
            return
        }
    }

    func scanOwnEntries() async throws {
        let reader = TransparencyLogReader(api: api)
        let verifier = try await acceptCheckpoint(try await reader.checkpoint())
        guard let trusted = verifier.latest else { return }
        try await checkFreshness(trusted)
        var state: AuditorState
        do {
            state = try await store.setting(TransparencySettings.monitor).map { bytes throws(TransparencyError) in
                try AuditorState.decode(bytes)
            } ?? AuditorState(origin: verifier.origin, publicKey: verifier.publicKey)
        } catch let error as TransparencyError {
            throw CoveClientError(.corruptStore, "the stored monitor state is damaged (\(error.code.rawValue))")
        }
        let start = state.size
        guard trusted.checkpoint.size > start else { return }
        let downloaded = try await reader.allEntries(start: start, end: trusted.checkpoint.size)
        do {
            _ = try await Auditor.audit(state: &state, source: PrefetchedLogSource(head: trusted, start: start, downloaded: downloaded),
                                        pageSize: UInt64(downloaded.count))
        } catch {
            throw CoveClientError.transparency(error, "the log's entries do not match its signed checkpoint")
        }

        var linked = try await linkedDevices() ?? LinkedDevices()
        let user = Array(identity.username.utf8)
        let me = LogEntry.Event.deviceAdded
        let ownKey = Array(identity.privateKey.publicKey.rawRepresentation)
        var toCheck: [(index: UInt64, entry: LogEntry)] = []
        for (offset, bytes) in downloaded.enumerated() {
            let entry: LogEntry
            do { entry = try LogEntry.decode(bytes) } catch { continue }  // the audit already refused malformed entries
            guard entry.userID == user else { continue }
            if !linked.baselineDone {
                // Devices older than this one: it was approved from one of them.
                linked.devices.insert(.init(deviceId: String(decoding: entry.deviceID, as: UTF8.self), signatureKey: Base64Bytes(entry.signatureKey)))
                if entry.event == me && entry.deviceID == Array(identity.deviceId.utf8) && entry.signatureKey == ownKey {
                    linked.baselineDone = true
                }
                continue
            }
            toCheck.append((start + UInt64(offset), entry))
        }
        let alerts = DeviceMonitor.check(entries: toCheck, userID: user, linked: linked.monitorSet).map { alert in
            let device = String(decoding: alert.entry.deviceID, as: UTF8.self)
            let action = alert.entry.event == .deviceAdded ? "added to" : "revoked from"
            return ClientEvent.alert(ClientAlert(
                kind: Self.transparencyAlert,
                message: "a device this client did not link (\(device)) was \(action) your account (log entry \(alert.index)); "
                    + "if you did not link it, revoke it with `cove devices revoke \(device)` and warn your contacts"))
        }
        // The alerts are recorded with the state that consumed their entries: reported exactly once.
        var batch = StoreBatch([
            .setSetting(key: TransparencySettings.monitor, value: state.mlsEncoded),
            .setSetting(key: TransparencySettings.linked, value: Array(try JSONEncoder().encode(linked))),
        ])
        for alert in alerts { batch.append(.addEvent(Array(ClientEventEncoder.jsonLine(alert).utf8))) }
        try await store.apply(batch)
    }
}
