import CoveProtocol
import MLSCore
import MLSCrypto
import MLSSwiftCrypto

/// Checks that a commit changes the group's membership exactly as its `addedDeviceIds` and
/// `removedDeviceIds` declare, by replaying its Removes and Adds on the server's leaf map
/// (``LeafMapReplay``). The server verifies what it can without group secrets: structure,
/// credentials against the directory, KeyPackage signatures; members verify the rest.
extension CoveService {
    static let mlsCrypto = SwiftCryptoProvider()

    /// Suites whose hash gives a ProposalRef of each length (SHA-256, SHA-384, SHA-512): a
    /// reference is recomputed with the hash its length names, so the server needs no suite.
    static let refHashSuites: [Int: CipherSuite] = [
        32: .mls128DHKEMX25519AES128GCMSHA256Ed25519,
        48: CipherSuite(rawValue: 0x0007),
        64: CipherSuite(rawValue: 0x0005),
    ]

    static func mismatch(_ message: String) -> APIError {
        APIError(.badRequest, .commitMembershipMismatch, String(message.prefix(400)))
    }

    /// The leaf changes to store with the commit, or `nil` when the store decides alone (a
    /// stale epoch: a retry of an accepted commit or a conflict; or a group created before
    /// leaves were tracked).
    func checkCommitMembership(caller: DeviceRecord, group: GroupID, message pm: PublicMessage, commit: Commit,
                               added: [String], removed: [String]) async throws -> [LeafAssignment]? {
        guard let context = try await store.commitContext(groupId: group.bytes) else { throw APIError(StoreError.unknownGroup) }
        // Epochs only grow: a commit for a past epoch can never be accepted, so the store's
        // idempotency check or compare-and-advance answers it (duplicate or conflict).
        if pm.content.epoch < context.epoch { return nil }
        guard context.members.contains(caller.id) else { throw APIError(StoreError.notMember) }
        if pm.content.epoch > context.epoch { throw APIError(StoreError.epochAhead(current: context.epoch)) }
        guard context.leavesTracked else { return nil }

        let proposals = try resolveProposals(commit: commit, sender: pm.content.sender, stored: context.proposals)
        var replay = LeafMapReplay(leaves: context.leaves)
        let callerIdentity = DeviceCredential(username: caller.username, deviceId: caller.id)
        switch pm.content.sender {
        case .member(let leaf):
            guard context.leaves[leaf.rawValue] == caller.id else {
                throw Self.mismatch("the commit's sender leaf \(leaf.rawValue) is not this device's")
            }
            if let path = commit.path, !Self.isDevice(path.leafNode, callerIdentity, key: caller.signatureKey) {
                throw Self.mismatch("the UpdatePath leaf must keep this device's credential and key")
            }
        case .newMemberCommit:
            guard let path = commit.path, Self.isDevice(path.leafNode, callerIdentity, key: caller.signatureKey) else {
                throw Self.mismatch("an external commit must carry a path whose leaf is this device's credential and key")
            }
        default:
            throw APIError(.badRequest, .invalidMLSMessage, "commit sender must be a member or a new member")
        }
        // Updates keep their sender's device (RFC 9420 §12.3: Updates, then Removes, then Adds).
        for (proposal, sender) in proposals {
            guard case .update(let update) = proposal else { continue }
            guard case .member(let leaf) = sender, let device = context.leaves[leaf.rawValue],
                  DeviceCredential(identity: Self.identity(update.leafNode)).map({ $0.deviceId == device }) == true else {
                throw Self.mismatch("an Update must keep its sender's device credential")
            }
        }
        do {
            for case (.remove(let remove), _) in proposals { try replay.remove(remove.removed.rawValue) }
            for case (.add(let add), _) in proposals {
                try replay.place(try await addedDevice(add.keyPackage).id)
            }
            if case .newMemberCommit = pm.content.sender { try replay.place(caller.id, isAdd: false) }
        } catch let failure as LeafMapReplay.Failure {
            switch failure {
            case .blankLeafRemoved(let leaf): throw Self.mismatch("a Remove targets blank leaf \(leaf)")
            case .tooManyLeaves: throw Self.mismatch("the tree would be too large")
            }
        }
        guard !replay.hasDuplicateDevice else { throw Self.mismatch("a device would hold two leaves") }
        let adds = replay.addedDevices
        guard Set(adds).count == adds.count, Set(adds) == Set(added), Set(added).count == added.count else {
            throw Self.mismatch("Add proposals add \(adds.sorted()) but addedDeviceIds lists \(added.sorted())")
        }
        let left = replay.devicesLeft
        guard left == Set(removed), Set(removed).count == removed.count else {
            throw Self.mismatch("Remove proposals remove \(left.sorted()) but removedDeviceIds lists \(removed.sorted())")
        }
        return replay.changes
    }

    /// Proposals in commit order with their senders: by value from the committer, by reference
    /// from the PublicMessage proposals accepted in this epoch.
    func resolveProposals(commit: Commit, sender: Sender, stored: [[UInt8]]) throws -> [(Proposal, Sender)] {
        var index: [[UInt8]: (Proposal, Sender)]? = nil
        var out: [(Proposal, Sender)] = []
        for item in commit.proposals {
            switch item {
            case .proposal(let proposal):
                out.append((proposal, sender))
            case .reference(let ref):
                if case .newMemberCommit = sender {
                    throw APIError(.badRequest, .invalidMLSMessage, "an external commit cannot reference proposals")
                }
                let refs = index ?? Self.proposalIndex(stored)
                index = refs
                guard let found = refs[ref] else {
                    throw APIError(.badRequest, .commitUnknownProposal,
                                   "the commit references a proposal not received by the server in this epoch")
                }
                out.append(found)
            }
        }
        return out
    }

    /// ProposalRef -> (proposal, sender) for stored PublicMessage proposals:
    /// `RefHash("MLS 1.0 Proposal Reference", AuthenticatedContent)` under each ref hash.
    static func proposalIndex(_ payloads: [[UInt8]]) -> [[UInt8]: (Proposal, Sender)] {
        var out: [[UInt8]: (Proposal, Sender)] = [:]
        let providers = refHashSuites.values.compactMap { try? mlsCrypto.provider(for: $0) }
        for payload in payloads {
            guard case .publicMessage(let pm) = (try? MLSMessage(mlsEncoded: payload))?.body,
                  case .proposal(let proposal) = pm.content.body else { continue }
            for provider in providers {
                out[Proposal.reference(provider, authenticatedContent: pm.authenticatedContent)] = (proposal, pm.content.sender)
            }
        }
        return out
    }

    /// The active directory device an Add's KeyPackage belongs to: its credential names the
    /// device, its leaf carries the device's key, and its signatures verify.
    func addedDevice(_ keyPackage: KeyPackage) async throws -> DeviceRecord {
        guard let credential = DeviceCredential(identity: Self.identity(keyPackage.leafNode)),
              let device = try await store.device(id: credential.deviceId), device.revokedAt == nil,
              device.username == credential.username else {
            throw Self.mismatch("an Add's KeyPackage does not name an active device")
        }
        guard keyPackage.leafNode.signatureKey == device.signatureKey else {
            throw Self.mismatch("an Add's KeyPackage does not carry device \(device.id)'s directory key")
        }
        guard Self.verifies(keyPackage) else {
            throw Self.mismatch("an Add's KeyPackage for device \(device.id) does not verify")
        }
        return device
    }

    static func identity(_ leaf: LeafNode) -> [UInt8] {
        if case .basic(let identity) = leaf.credential { return identity }
        return []
    }

    static func isDevice(_ leaf: LeafNode, _ credential: DeviceCredential, key: [UInt8]) -> Bool {
        identity(leaf) == credential.identity && leaf.signatureKey == key
    }

    /// RFC 9420 §10.1's group-independent KeyPackage checks (leaf and KeyPackage signatures).
    static func verifies(_ keyPackage: KeyPackage) -> Bool {
        guard let provider = try? mlsCrypto.provider(for: keyPackage.cipherSuite) else { return false }
        return (try? keyPackage.validate(provider: provider)) != nil
    }
}
