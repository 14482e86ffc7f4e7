/// One leaf of a group's ratchet tree as the server tracks it: which device occupies it (`nil`:
/// the leaf is blank).
public struct LeafAssignment: Hashable, Sendable {
    public var index: UInt32
    public var deviceId: String?

    public init(index: UInt32, deviceId: String?) {
        self.index = index
        self.deviceId = deviceId
    }
}
