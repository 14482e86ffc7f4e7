import MLS
import Testing

/// A two-member group's epoch for framing tests: random epoch secrets, a GroupContext, and
/// signature keys for both leaves.
struct FramingFixture {
    static let suites: [CipherSuite] = [
        .mls128DHKEMX25519AES128GCMSHA256Ed25519, .mls128DHKEMP256AES128GCMSHA256P256,
        .mls128DHKEMX25519ChaCha20Poly1305SHA256Ed25519, .mls256DHKEMP521AES256GCMSHA512P521,
        .mls256DHKEMP384AES256GCMSHA384P384,
    ]

    let provider: any CipherSuiteProvider
    let groupContext: GroupContext
    let membershipKey: SecretBytes
    let senderDataSecret: SecretBytes
    let encryptionSecret: SecretBytes
    let signatureKeys: [KeyPair]
    let sender = LeafIndex(1)

    init(suite: CipherSuite) throws {
        provider = try SwiftCryptoProvider().provider(for: suite)
        let nh = provider.hashLength
        groupContext = GroupContext(
            version: .mls10, cipherSuite: suite, groupID: Array("framing-test-group".utf8), epoch: 7,
            treeHash: provider.randomBytes(nh).exposedBytes, confirmedTranscriptHash: provider.randomBytes(nh).exposedBytes,
            extensions: []
        )
        membershipKey = provider.randomBytes(nh)
        senderDataSecret = provider.randomBytes(nh)
        encryptionSecret = provider.randomBytes(nh)
        signatureKeys = [try provider.generateSignatureKeyPair(), try provider.generateSignatureKeyPair()]
    }

    /// Fresh epoch keys (a new secret tree) as seen by any member.
    func keys(knownLeaves: Set<UInt32> = [0, 1]) throws -> EpochProtectionKeys {
        let publicKeys = signatureKeys.map(\.publicKey)
        return EpochProtectionKeys(
            groupContext: groupContext, membershipKey: membershipKey, senderDataSecret: senderDataSecret,
            secretTree: try SecretTree(encryptionSecret: encryptionSecret, leafCount: 2, provider: provider),
            memberSignatureKey: { leaf in
                knownLeaves.contains(leaf.rawValue) && Int(leaf.rawValue) < publicKeys.count ? publicKeys[Int(leaf.rawValue)] : nil
            }
        )
    }

    var proposalBody: FramedContent.Body { .proposal(.remove(RemoveProposal(removed: LeafIndex(0)))) }
    var commitBody: FramedContent.Body { .commit(Commit(proposals: [.proposal(.remove(RemoveProposal(removed: LeafIndex(0))))], path: nil)) }
    var applicationBody: FramedContent.Body { .application(Array("hello, group".utf8)) }
    var confirmationTag: [UInt8] { provider.mac(key: membershipKey, data: [1, 2, 3]) }

    func content(_ body: FramedContent.Body, sender: Sender? = nil, groupID: [UInt8]? = nil, epoch: UInt64? = nil) -> FramedContent {
        FramedContent(
            groupID: groupID ?? groupContext.groupID, epoch: epoch ?? groupContext.epoch,
            sender: sender ?? .member(self.sender), authenticatedData: Array("aad".utf8), body: body
        )
    }

    /// Content signed by `signer` (default: the sender's own key), with a confirmation tag on
    /// commits unless `withTag` is false.
    func signed(
        _ body: FramedContent.Body, wireFormat: WireFormat, sender: Sender? = nil, signer: Int = 1,
        groupID: [UInt8]? = nil, epoch: UInt64? = nil, withTag: Bool = true
    ) throws -> AuthenticatedContent {
        var signed = try AuthenticatedContent.sign(
            content: content(body, sender: sender, groupID: groupID, epoch: epoch), wireFormat: wireFormat,
            context: groupContext, signaturePrivateKey: signatureKeys[signer].privateKey, provider: provider
        )
        if case .commit = body, withTag { signed = signed.withConfirmationTag(confirmationTag) }
        return signed
    }
}

/// Runs `body` and checks it throws an ``MLSError`` with exactly `code`.
func expectMLSError<T>(_ code: MLSError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T) {
    do {
        _ = try body()
        Issue.record("expected \(code), got success", sourceLocation: sourceLocation)
    } catch let error as MLSError {
        #expect(error.code == code, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
