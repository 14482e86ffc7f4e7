import CoveProtocol
import Crypto
import MLS

/// Well-formed MLS messages for driving the server. The server checks structure, group id,
/// epoch, content type, credentials against the directory and KeyPackage signatures; it cannot
/// check commit signatures or decrypt, so random bytes stand in for those.
enum MLSFixtures {
    static func random(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0 ... 255) } }

    static let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519

    /// A commit for `group` at `epoch`: Removes of `removes` (leaf indices) and Adds of `adds`
    /// by value, then references `refs`. An external commit (`joiner` set) carries a path whose
    /// leaf is the joiner's credential and key, and has no membership tag.
    static func commit(group: [UInt8], epoch: UInt64, sender: UInt32 = 0, adds: [KeyPackage] = [], removes: [UInt32] = [],
                       refs: [[UInt8]] = [], joiner: TestDevice? = nil, path: LeafNode? = nil) -> [UInt8] {
        var proposals: [ProposalOrRef] = removes.map { .proposal(.remove(RemoveProposal(removed: LeafIndex($0)))) }
        proposals += adds.map { .proposal(.add(AddProposal(keyPackage: $0))) }
        proposals += refs.map { .reference($0) }
        let external = joiner != nil
        let leaf = path ?? joiner.map { leafNode(for: $0) }
        let content = FramedContent(groupID: group, epoch: epoch, sender: external ? .newMemberCommit : .member(LeafIndex(sender)),
                                    authenticatedData: [],
                                    body: .commit(Commit(proposals: proposals, path: leaf.map { UpdatePath(leafNode: $0, nodes: []) })))
        let message = PublicMessage(content: content, auth: FramedContentAuthData(signature: random(64), confirmationTag: random(32)),
                                    membershipTag: external ? nil : random(32))
        return MLSMessage(body: .publicMessage(message)).mlsEncoded
    }

    /// A PublicMessage proposal from member `sender`, and its ProposalRef (SHA-256 suites).
    static func proposal(group: [UInt8], epoch: UInt64, sender: UInt32, _ proposal: Proposal) throws -> (message: [UInt8], ref: [UInt8]) {
        let content = FramedContent(groupID: group, epoch: epoch, sender: .member(LeafIndex(sender)), authenticatedData: [],
                                    body: .proposal(proposal))
        let message = PublicMessage(content: content, auth: FramedContentAuthData(signature: random(64), confirmationTag: nil),
                                    membershipTag: random(32))
        let provider = try SwiftCryptoProvider().provider(for: suite)
        return (MLSMessage(body: .publicMessage(message)).mlsEncoded,
                Proposal.reference(provider, authenticatedContent: message.authenticatedContent))
    }

    /// A PrivateMessage whose "ciphertext" is `ciphertext` (tests put markers in it to search for).
    static func application(group: [UInt8], epoch: UInt64, ciphertext: [UInt8]) -> [UInt8] {
        MLSMessage(body: .privateMessage(PrivateMessage(groupID: group, epoch: epoch, contentType: .application, authenticatedData: [],
                                                        encryptedSenderData: random(32), ciphertext: ciphertext))).mlsEncoded
    }

    static func welcome() -> [UInt8] {
        MLSMessage(body: .welcome(Welcome(cipherSuite: CipherSuite(rawValue: 1), secrets: [], encryptedGroupInfo: random(48)))).mlsEncoded
    }

    /// A GroupInfo of `group` at `epoch` (random tree hash, tag and signature).
    static func groupInfo(group: [UInt8], epoch: UInt64) -> [UInt8] {
        let context = GroupContext(cipherSuite: CipherSuite(rawValue: 1), groupID: group, epoch: epoch, treeHash: random(32),
                                   confirmedTranscriptHash: random(32), extensions: [])
        let info = GroupInfo(groupContext: context, extensions: [], confirmationTag: random(32), signer: LeafIndex(0), signature: random(64))
        return MLSMessage(body: .groupInfo(info)).mlsEncoded
    }

    /// A real, signed KeyPackage with `identity` as its BasicCredential, signed by `key`.
    static func realKeyPackage(identity: [UInt8], key: Curve25519.Signing.PrivateKey) throws -> KeyPackage {
        let crypto = SwiftCryptoProvider()
        let signer = try SigningIdentity(credential: .basic(identity: identity), signaturePrivateKey: SecretBytes(key.rawRepresentation),
                                         provider: try crypto.provider(for: suite))
        return try KeyPackageBundle.create(cipherSuite: suite, signingIdentity: signer, lifetime: Lifetime(notBefore: 0, notAfter: .max),
                                           crypto: crypto).keyPackage
    }

    /// The device's real KeyPackage: its DeviceCredential, signed with its key.
    static func keyPackage(for device: TestDevice) throws -> KeyPackage {
        try realKeyPackage(identity: DeviceCredential(username: device.username, deviceId: device.deviceId).identity, key: device.key)
    }

    static func encoded(_ keyPackage: KeyPackage) -> [UInt8] { MLSMessage(body: .keyPackage(keyPackage)).mlsEncoded }

    /// A leaf node with the device's credential and key (signature random: the server does not
    /// hold the tree to check it).
    static func leafNode(for device: TestDevice, key: [UInt8]? = nil) -> LeafNode {
        LeafNode(encryptionKey: random(32), signatureKey: key ?? Array(device.key.publicKey.rawRepresentation),
                 credential: .basic(identity: DeviceCredential(username: device.username, deviceId: device.deviceId).identity),
                 capabilities: Capabilities(cipherSuites: [suite]), source: .update, extensions: [], signature: random(64))
    }

    /// A structurally valid KeyPackage with random keys and signatures.
    static func keyPackage(identity: [UInt8], signatureKey: [UInt8]? = nil) -> [UInt8] {
        let leaf = LeafNode(encryptionKey: random(32), signatureKey: signatureKey ?? random(32), credential: .basic(identity: identity),
                            capabilities: Capabilities(cipherSuites: [CipherSuite(rawValue: 1)]),
                            source: .keyPackage(Lifetime(notBefore: 0, notAfter: .max)), extensions: [], signature: random(64))
        let kp = KeyPackage(cipherSuite: CipherSuite(rawValue: 1), initKey: random(32), leafNode: leaf, extensions: [], signature: random(64))
        return MLSMessage(body: .keyPackage(kp)).mlsEncoded
    }
}
