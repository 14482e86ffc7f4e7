import MLS

/// Well-formed MLS messages for driving the server. The server checks structure, group id, epoch
/// and content type; it cannot verify signatures or decrypt, so random bytes stand in for them.
enum MLSFixtures {
    static func random(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0 ... 255) } }

    static func commit(group: [UInt8], epoch: UInt64, sender: UInt32 = 0, external: Bool = false) -> [UInt8] {
        let content = FramedContent(groupID: group, epoch: epoch, sender: external ? .newMemberCommit : .member(LeafIndex(sender)),
                                    authenticatedData: [],
                                    body: .commit(Commit(proposals: [], path: nil)))
        let message = PublicMessage(content: content, auth: FramedContentAuthData(signature: random(64), confirmationTag: random(32)),
                                    membershipTag: external ? nil : random(32))
        return MLSMessage(body: .publicMessage(message)).mlsEncoded
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

    static func keyPackage(identity: [UInt8], signatureKey: [UInt8]? = nil) -> [UInt8] {
        let leaf = LeafNode(encryptionKey: random(32), signatureKey: signatureKey ?? random(32), credential: .basic(identity: identity),
                            capabilities: Capabilities(cipherSuites: [CipherSuite(rawValue: 1)]),
                            source: .keyPackage(Lifetime(notBefore: 0, notAfter: .max)), extensions: [], signature: random(64))
        let kp = KeyPackage(cipherSuite: CipherSuite(rawValue: 1), initKey: random(32), leafNode: leaf, extensions: [], signature: random(64))
        return MLSMessage(body: .keyPackage(kp)).mlsEncoded
    }
}
