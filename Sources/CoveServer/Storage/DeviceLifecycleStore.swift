/// Device linking and revocation.
public protocol DeviceLifecycleStore: Sendable {
    /// Stores a new pending link. Throws ``StoreError/tooManyDeviceLinks`` if the account already
    /// has `maxPending` unexpired pending links at `now`.
    func createDeviceLink(_ link: DeviceLinkRecord, maxPending: Int, now: Int64) async throws
    func deviceLink(id: String) async throws -> DeviceLinkRecord?
    /// Unexpired, unapproved links of the account, oldest first.
    func pendingDeviceLinks(accountId: String, now: Int64) async throws -> [DeviceLinkRecord]
    /// Atomically: checks the link is pending and unexpired (else ``StoreError/deviceLinkNotPending``),
    /// creates its device (the KeyPackages uploaded on the link become the device's) and marks
    /// the link approved. Returns the new device.
    func approveDeviceLink(id: String, now: Int64) async throws -> DeviceRecord
    /// Removes links that expired before `before`, with the KeyPackages uploaded on unapproved ones.
    func purgeDeviceLinks(before: Int64) async throws
    /// Atomically: marks the device revoked at `at`, deletes its tokens, challenges, KeyPackages,
    /// queue and group memberships (its leaves stay until a commit removes them). Idempotent.
    func revokeDevice(id: String, at: Int64) async throws
}
