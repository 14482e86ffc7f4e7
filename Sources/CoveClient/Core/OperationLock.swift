/// Serialises the SDK's state-changing operations across actor suspension points: an actor is
/// reentrant, but processing a message or making a commit reads a group state, awaits the
/// store or the server, and writes the next state; two of those must never interleave.
actor OperationLock {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty {
            locked = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
