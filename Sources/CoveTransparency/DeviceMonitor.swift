/// Monitoring of one's own user: every device-key event the log holds for the user must be
/// one the user's devices know about. A server that gives other users a ghost device must put
/// it in the log (senders verify inclusion), where the victim's own client sees it here.
public enum DeviceMonitor {
    /// A device the user linked: its id and signature key.
    public struct LinkedDevice: Hashable, Sendable {
        public let deviceID: [UInt8]
        public let signatureKey: [UInt8]

        public init(deviceID: [UInt8], signatureKey: [UInt8]) {
            self.deviceID = deviceID
            self.signatureKey = signatureKey
        }
    }

    /// One alert for the user.
    public struct Alert: Hashable, Sendable {
        /// `.unlinkedDevice`.
        public let code: TransparencyError.Code
        /// The leaf index of the event in the log.
        public let index: UInt64
        public let entry: LogEntry
    }

    /// Flags every `deviceAdded` event of `userID` among `entries` (leaf index, entry) whose
    /// device id and key are not in `linked` (the devices the user linked, including revoked
    /// ones it linked in the past), and every `deviceRevoked` event for such a device.
    /// Entries of other users are ignored.
    public static func check(
        entries: [(index: UInt64, entry: LogEntry)], userID: [UInt8], linked: Set<LinkedDevice>
    ) -> [Alert] {
        var alerts: [Alert] = []
        for (index, entry) in entries where entry.userID == userID {
            let device = LinkedDevice(deviceID: entry.deviceID, signatureKey: entry.signatureKey)
            if !linked.contains(device) {
                alerts.append(Alert(code: .unlinkedDevice, index: index, entry: entry))
            }
        }
        return alerts
    }
}
