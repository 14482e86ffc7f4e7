import MLSCrypto

/// The pre-shared keys a client can inject into a key schedule (RFC 9420 §8.4): external
/// PSKs by `psk_id`, and resumption PSKs of other groups by (group id, epoch).
///
/// The group resolves resumption PSKs of its own recent epochs itself; this store supplies
/// everything else. Values are secrets: keep the store out of logs and persist it encrypted.
public struct PreSharedKeyStore: Sendable {
    struct ResumptionKey: Hashable, Sendable {
        var groupID: [UInt8]
        var epoch: UInt64
    }

    var external: [[UInt8]: SecretBytes] = [:]
    var resumption: [ResumptionKey: SecretBytes] = [:]

    public init() {}

    /// Registers an external PSK under `id`.
    public mutating func addExternalPSK(id: [UInt8], secret: SecretBytes) { external[id] = secret }

    /// Registers the `resumption_psk` of `epoch` of group `groupID`.
    public mutating func addResumptionPSK(groupID: [UInt8], epoch: UInt64, secret: SecretBytes) {
        resumption[ResumptionKey(groupID: groupID, epoch: epoch)] = secret
    }

    public func externalPSK(id: [UInt8]) -> SecretBytes? { external[id] }

    public func resumptionPSK(groupID: [UInt8], epoch: UInt64) -> SecretBytes? {
        resumption[ResumptionKey(groupID: groupID, epoch: epoch)]
    }
}
