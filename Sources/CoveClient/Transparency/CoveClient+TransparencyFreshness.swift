import CoveTransparency
import Foundation

/// Freshness of the log view: a server can keep serving a device the same valid, consistent
/// checkpoint so it never sees new entries (a frozen view, e.g. to hide a ghost device from its
/// own user). Every append signs a new checkpoint and the server re-signs the tree hourly, so an
/// honest server's newest checkpoint is never much older than an hour. When the newest one this
/// device accepted is older than the bound (default 24 hours), the monitor raises one
/// `transparency` alert per such checkpoint.
extension CoveClient {
    /// Default bound on the age of the newest checkpoint.
    public static let defaultCheckpointMaxAge: Duration = .seconds(24 * 3600)

    static let checkpointMaxAgeKey = "kt_max_age_ms"
    /// The checkpoint (TLS encoding) a stale-view alert was last raised for.
    static let staleAlertedKey = "kt_stale_alerted"

    /// The age beyond which the newest checkpoint raises a frozen-view alert.
    public func checkpointMaxAge() async throws -> Duration {
        guard let bytes = try await store.setting(Self.checkpointMaxAgeKey), let ms = Int64(Settings.string(bytes)), ms >= 0 else {
            return Self.defaultCheckpointMaxAge
        }
        return .milliseconds(ms)
    }

    /// Sets the bound (stored in this home). Zero makes every checkpoint stale (tests, drills).
    ///
    /// - Throws: `client.invalid_input` for a negative duration.
    public func setCheckpointMaxAge(_ age: Duration) async throws {
        let (seconds, attoseconds) = age.components
        guard seconds >= 0, attoseconds >= 0 else {
            throw CoveClientError(.invalidInput, "the checkpoint age bound cannot be negative")
        }
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        try await store.apply(StoreBatch([.setSetting(key: Self.checkpointMaxAgeKey, value: Array(String(ms).utf8))]))
    }

    /// Raises the frozen-view alert for `trusted` (the newest accepted checkpoint) if it is older
    /// than the bound and was not alerted before. Lock held (monitor).
    func checkFreshness(_ trusted: SignedCheckpoint) async throws {
        let (seconds, attoseconds) = try await checkpointMaxAge().components
        let bound = UInt64(max(0, seconds)) * 1000 + UInt64(max(0, attoseconds) / 1_000_000_000_000_000)
        let now = UInt64(max(0, Self.nowMillis))
        let signed = trusted.checkpoint.timestamp
        guard now >= signed, now - signed >= bound else { return }
        let encoded = trusted.mlsEncoded
        guard try await store.setting(Self.staleAlertedKey) != encoded else { return }
        let hours = (now - signed) / 3_600_000
        let alert = ClientEvent.alert(ClientAlert(
            kind: Self.transparencyAlert,
            message: "the server's key transparency log has shown this device no checkpoint newer than \(hours) h "
                + "(tree size \(trusted.checkpoint.size)): it may be hiding new entries from this device (a frozen view); "
                + "compare with an independent auditor (`cove audit`) or another device"))
        logger.warning("transparency checkpoint is stale", metadata: ["size": "\(trusted.checkpoint.size)"])
        try await store.apply(StoreBatch([
            .setSetting(key: Self.staleAlertedKey, value: encoded),
            .addEvent(Array(ClientEventEncoder.jsonLine(alert).utf8)),
        ]))
    }
}
