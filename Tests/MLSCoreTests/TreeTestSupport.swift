import MLS
import Testing

/// Suites the tree tests run over: every suite swift-crypto backs.
enum TreeSuites {
    static let all: [CipherSuite] = [
        .mls128DHKEMX25519AES128GCMSHA256Ed25519, .mls128DHKEMP256AES128GCMSHA256P256,
        .mls128DHKEMX25519ChaCha20Poly1305SHA256Ed25519, .mls256DHKEMP521AES256GCMSHA512P521,
        .mls256DHKEMP384AES256GCMSHA384P384,
    ]
    /// The mandatory suite, for tests whose point is not the suite.
    static let mti: CipherSuite = .mls128DHKEMX25519AES128GCMSHA256Ed25519

    static func provider(_ suite: CipherSuite) throws -> any CipherSuiteProvider {
        try SwiftCryptoProvider().provider(for: suite)
    }
}

/// The MLSError code `body` throws, or nil if it succeeds or throws another error type.
func treeErrorCode<T>(_ body: () throws -> T) -> MLSError.Code? {
    do {
        _ = try body()
        return nil
    } catch let error as MLSError {
        return error.code
    } catch {
        return nil
    }
}

/// A client outside the group: its KeyPackage-style leaf node and keys.
struct TreeTestClient {
    var leaf: LeafNode
    let signatureKey: KeyPair
    let encryptionKey: KeyPair

    init(_ identity: String, _ provider: any CipherSuiteProvider,
         credentials: [CredentialType] = [.basic], extensions: [Extension] = [],
         capabilityExtensions: [ExtensionType] = []) throws {
        signatureKey = try provider.generateSignatureKeyPair()
        encryptionKey = try provider.generateKEMKeyPair()
        leaf = LeafNode(
            encryptionKey: encryptionKey.publicKey, signatureKey: signatureKey.publicKey,
            credential: .basic(identity: Array(identity.utf8)),
            capabilities: Capabilities(cipherSuites: [provider.suite], extensions: capabilityExtensions, credentials: credentials),
            source: .keyPackage(Lifetime(notBefore: 0, notAfter: .max)), extensions: extensions, signature: [])
        try RatchetTree.sign(&leaf, at: LeafIndex(0), groupID: [], signaturePrivateKey: signatureKey.privateKey, provider)
    }
}

/// A group's public tree and every member's private state, evolved by the public tree API.
struct TreeTestGroup {
    let provider: any CipherSuiteProvider
    let groupID = Array("cove tree tests".utf8)
    var epoch: UInt64 = 0
    var tree: RatchetTree
    var states: [LeafIndex: TreeKEMPrivateState] = [:]
    var signatureKeys: [LeafIndex: SecretBytes] = [:]

    /// `size` members: the creator adds everyone, then commits with a path so that parent nodes
    /// are populated; every member ends with a consistent private state.
    init(size: Int, _ provider: any CipherSuiteProvider) throws {
        self.provider = provider
        let creator = try TreeTestClient("member 0", provider)
        tree = RatchetTree(leaf: creator.leaf)
        states[LeafIndex(0)] = TreeKEMPrivateState(leafIndex: LeafIndex(0), leafKey: creator.encryptionKey)
        signatureKeys[LeafIndex(0)] = creator.signatureKey.privateKey
        var added: Set<LeafIndex> = []
        for i in 1..<max(size, 1) {
            added.insert(try add(TreeTestClient("member \(i)", provider)))
        }
        if size > 1 { try commit(from: LeafIndex(0), newMembers: added) }
    }

    func groupContext(_ treeHash: [UInt8]) -> [UInt8] {
        GroupContext(cipherSuite: provider.suite, groupID: groupID, epoch: epoch + 1, treeHash: treeHash,
                     confirmedTranscriptHash: [], extensions: []).mlsEncoded
    }

    @discardableResult
    mutating func add(_ client: TreeTestClient) throws -> LeafIndex {
        let index = try tree.add(client.leaf)
        states[index] = TreeKEMPrivateState(leafIndex: index, leafKey: client.encryptionKey)
        signatureKeys[index] = client.signatureKey.privateKey
        return index
    }

    mutating func remove(_ leaf: LeafIndex) throws {
        try tree.remove(leaf)
        states[leaf] = nil
        signatureKeys[leaf] = nil
        for key in states.keys { states[key]?.prune(to: tree) }
    }

    /// Creates an UpdatePath from `sender` on the current tree (proposals already applied).
    func createPath(from sender: LeafIndex, newMembers: Set<LeafIndex> = []) throws -> CreatedUpdatePath {
        let leaf = try #require(tree.leafNode(at: sender))
        let key = try #require(signatureKeys[sender])
        return try tree.createUpdatePath(sender: sender, leafNode: leaf, signaturePrivateKey: key, groupID: groupID,
                                         newMembers: newMembers, provider, groupContext: groupContext)
    }

    /// `sender` commits with a path; existing members process it, new members install their
    /// Welcome path secret; every member must reach the committer's commit secret.
    mutating func commit(from sender: LeafIndex, newMembers: Set<LeafIndex> = []) throws {
        let created = try createPath(from: sender, newMembers: newMembers)
        var merged = tree
        try merged.merge(created.updatePath, from: sender, newMembers: newMembers, provider)
        #expect(merged == created.tree)
        let context = groupContext(merged.treeHash(provider))
        for (leaf, _) in tree.members where leaf != sender {
            var state = try #require(states[leaf])
            if newMembers.contains(leaf) {
                let ancestor = TreeMath.commonAncestor(sender.nodeIndex, leaf.nodeIndex)
                let secret = try #require(created.pathSecret(forNewMember: leaf))
                let commitSecret = try state.installPathSecrets(from: secret, at: ancestor, in: merged, provider)
                #expect(commitSecret == created.commitSecret)
            } else {
                let result = try state.process(created.updatePath, from: sender, mergedTree: merged,
                                               newMembers: newMembers, groupContext: context, provider)
                #expect(result.commitSecret == created.commitSecret)
            }
            try state.verify(against: merged)
            states[leaf] = state
        }
        tree = merged
        states[sender] = created.privateState
        epoch += 1
    }
}
