/// Replays RFC 9420's leaf placement on the server's leaf index -> device map, so the devices a
/// commit adds and removes can be compared with the ones it declares.
///
/// Order (§12.3): Updates (occupants unchanged), then Removes blank their leaves, then each Add
/// takes the leftmost blank leaf or extends the tree; an external commit's joiner is placed like
/// an Add after them (§12.4.3.2). Truncation of trailing blank leaves does not change where
/// these land: the leftmost blank index is the same with or without it.
struct LeafMapReplay {
    private(set) var leaves: [UInt32: String]
    private let before: [UInt32: String]
    private(set) var removedDevices: [String] = []
    private(set) var addedDevices: [String] = []

    init(leaves: [UInt32: String]) {
        self.leaves = leaves
        self.before = leaves
    }

    enum Failure: Error, Equatable {
        case blankLeafRemoved(UInt32)
        case tooManyLeaves
    }

    mutating func remove(_ leaf: UInt32) throws(Failure) {
        guard let device = leaves.removeValue(forKey: leaf) else { throw .blankLeafRemoved(leaf) }
        removedDevices.append(device)
    }

    /// Places `device` at the leftmost blank leaf and returns its index.
    @discardableResult
    mutating func place(_ device: String, isAdd: Bool = true) throws(Failure) -> UInt32 {
        var index: UInt32 = 0
        while leaves[index] != nil {
            guard index < UInt32.max / 2 else { throw .tooManyLeaves }
            index += 1
        }
        leaves[index] = device
        if isAdd { addedDevices.append(device) }
        return index
    }

    /// Devices that held a leaf before and hold none after.
    var devicesLeft: Set<String> { Set(removedDevices).subtracting(leaves.values) }

    /// True if some device holds two leaves (MLS forbids two leaves with one signature key).
    var hasDuplicateDevice: Bool { Set(leaves.values).count != leaves.count }

    /// The leaves whose occupant changed, in index order.
    var changes: [LeafAssignment] {
        Set(before.keys).union(leaves.keys).sorted().compactMap { index in
            before[index] == leaves[index] ? nil : LeafAssignment(index: index, deviceId: leaves[index])
        }
    }
}
