import MLS
import Testing

/// Every strictness rule of the wire codec, broken once, with the exact error it must produce.
@Suite struct WireNegativeTests {
    typealias F = WireFixtures

    /// Replaces `count` bytes at `offset` of `bytes` with `replacement`.
    func splice(_ bytes: [UInt8], at offset: Int, count: Int = 1, with replacement: [UInt8]) -> [UInt8] {
        var copy = bytes
        copy.replaceSubrange(offset..<offset + count, with: replacement)
        return copy
    }

    func message(_ body: MLSMessage.Body) -> [UInt8] { MLSMessage(body: body).mlsEncoded }

    // MARK: Varints, trailing bytes, limits

    @Test func nonMinimalVarintInsideStruct() throws {
        let bytes = F.groupContext.mlsEncoded
        // version(2) cipher_suite(2), then group_id's 1-byte length 5.
        #expect(bytes[4] == 5)
        #expect(try GroupContext(mlsEncoded: bytes) == F.groupContext)
        #expect(wireDecodeError(GroupContext.self, splice(bytes, at: 4, with: [0x40, 0x05])) == .nonMinimalVarint)
        #expect(wireDecodeError(GroupContext.self, splice(bytes, at: 4, with: [0x80, 0, 0, 0x05])) == .nonMinimalVarint)
        #expect(wireDecodeError(GroupContext.self, splice(bytes, at: 4, with: [0xc0])) == .invalidVarint)
    }

    @Test func trailingBytes() throws {
        let bytes = message(.keyPackage(F.keyPackage))
        #expect(wireDecodeError(MLSMessage.self, bytes) == nil)
        #expect(wireDecodeError(MLSMessage.self, bytes + [0]) == .trailingBytes)
        #expect(wireDecodeError(Commit.self, F.commit.mlsEncoded + [0]) == .trailingBytes)
    }

    @Test func innerFieldCannotReadPastItsEnclosingVector() {
        // Commit.proposals claims 3 bytes: a ProposalOrRef reference whose opaque length (5)
        // runs past the vector's end. The bytes after the vector must not be borrowed.
        let bytes: [UInt8] = [3, 2, 5, 0xaa] + [0, 0xbb, 0xcc, 0xdd]
        #expect(wireDecodeError(Commit.self, bytes) == .truncated)
        // With a correct inner length, the same layout decodes (path absent) up to the trailing bytes.
        #expect(wireDecodeError(Commit.self, [3, 2, 1, 0xaa, 0]) == nil)
        #expect(wireDecodeError(Commit.self, [3, 2, 1, 0xaa, 0, 0xbb]) == .trailingBytes)
    }

    @Test func overLongVectors() {
        // group_id is bounded by maxIdentifierLength.
        var context = F.groupContext
        context.groupID = [UInt8](repeating: 1, count: MLSLimits.maxIdentifierLength + 1)
        #expect(wireDecodeError(GroupContext.self, context.mlsEncoded) == .lengthLimitExceeded)
        context.groupID = [UInt8](repeating: 1, count: MLSLimits.maxIdentifierLength)
        #expect(wireDecodeError(GroupContext.self, context.mlsEncoded) == nil)

        // Signatures and keys are bounded by maxKeyLength.
        var leaf = F.leafNode()
        leaf.signature = [UInt8](repeating: 2, count: MLSLimits.maxKeyLength + 1)
        #expect(wireDecodeError(LeafNode.self, leaf.mlsEncoded) == .lengthLimitExceeded)
        leaf = F.leafNode()
        leaf.encryptionKey = [UInt8](repeating: 2, count: MLSLimits.maxKeyLength + 1)
        #expect(wireDecodeError(LeafNode.self, leaf.mlsEncoded) == .lengthLimitExceeded)

        // Secrets inside wire structs are bounded too.
        let secrets = GroupSecrets(
            joinerSecret: SecretBytes(zeros: MLSLimits.maxKeyLength + 1), pathSecret: nil, psks: [])
        #expect(wireDecodeError(GroupSecrets.self, secrets.mlsEncoded) == .lengthLimitExceeded)
    }

    @Test func overLongLengthIsRejectedBeforeReading() {
        // Only a header claiming more than the bound, with no body: the bound is checked first,
        // so a peer cannot make the decoder wait for or allocate the claimed size.
        func header(_ length: Int) -> [UInt8] {
            var writer = MLSWriter()
            writer.writeVarint(length)
            return writer.bytes
        }
        #expect(wireDecodeError(RatchetTreeNodes.self, header(MLSLimits.maxRatchetTreeLength + 1)) == .lengthLimitExceeded)
        #expect(wireDecodeError(RatchetTreeNodes.self, header(MLSLimits.maxRatchetTreeLength)) == .truncated)
        // application_data is bounded by maxMessageLength.
        let prefix = F.content(.application([])).mlsEncoded.dropLast()
        #expect(wireDecodeError(FramedContent.self, prefix + header(MLSLimits.maxMessageLength + 1)) == .lengthLimitExceeded)
        // Capability lists are small.
        #expect(wireDecodeError(Capabilities.self, header(MLSLimits.maxIdentifierLength + 2)) == .lengthLimitExceeded)
    }

    // MARK: MLSMessage

    @Test func unknownWireFormat() {
        let valid = message(.keyPackage(F.keyPackage))
        for format: UInt16 in [0, 6, 0xffff] {
            let bytes = splice(valid, at: 2, count: 2, with: [UInt8(format >> 8), UInt8(format & 0xff)])
            #expect(wireDecodeError(MLSMessage.self, bytes) == .invalidValue)
        }
    }

    @Test func badVersion() {
        let valid = message(.publicMessage(F.publicMessage(.application([1]))))
        for version: [UInt8] in [[0, 0], [0, 2], [1, 0]] {
            #expect(wireDecodeError(MLSMessage.self, splice(valid, at: 0, count: 2, with: version)) == .invalidValue)
        }
    }

    @Test func wireFormatMismatchWithBody() {
        // A KeyPackage body labelled as a Welcome does not parse as a Welcome.
        let valid = message(.keyPackage(F.keyPackage))
        #expect(wireDecodeError(MLSMessage.self, splice(valid, at: 2, count: 2, with: [0, 3])) != nil)
    }

    // MARK: Optionals

    @Test func optionalPresenceByteMustBeZeroOrOne() throws {
        var commit = F.commit
        commit.path = nil
        let bytes = commit.mlsEncoded
        #expect(bytes.last == 0)
        #expect(wireDecodeError(Commit.self, splice(bytes, at: bytes.count - 1, with: [2])) == .invalidValue)
        #expect(wireDecodeError(Commit.self, splice(bytes, at: bytes.count - 1, with: [0xff])) == .invalidValue)

        let secrets = GroupSecrets(joinerSecret: SecretBytes(F.bytes(32, 1)), pathSecret: nil, psks: [])
        let encoded = secrets.mlsEncoded
        #expect(encoded[33] == 0)
        #expect(wireDecodeError(GroupSecrets.self, splice(encoded, at: 33, with: [2])) == .invalidValue)

        let tree = RatchetTreeNodes(nodes: [.leaf(F.leafNode()), nil, .leaf(F.leafNode())]).mlsEncoded
        // vector length (2 bytes here), then the first node's presence byte.
        #expect(tree[2] == 1)
        #expect(wireDecodeError(RatchetTreeNodes.self, splice(tree, at: 2, with: [2])) == .invalidValue)
    }

    // MARK: Confirmation and membership tags

    @Test func confirmationTagMissingOnCommit() {
        let body = FramedContent.Body.commit(F.commit)
        let content = F.content(body)
        let noTag = FramedContentAuthData(signature: F.bytes(64, 1), confirmationTag: nil)
        #expect(!noTag.isConsistent(with: .commit))
        let authenticated = AuthenticatedContent(wireFormat: .publicMessage, content: content, auth: noTag)
        #expect(wireDecodeError(AuthenticatedContent.self, authenticated.mlsEncoded) == .truncated)
        // In a PublicMessage from a member, the membership tag is then read as the confirmation
        // tag and the membership tag is missing.
        let publicMessage = PublicMessage(content: content, auth: noTag, membershipTag: F.bytes(32, 2))
        #expect(wireDecodeError(MLSMessage.self, message(.publicMessage(publicMessage))) == .truncated)
    }

    @Test func confirmationTagPresentOnApplicationOrProposal() {
        for body: FramedContent.Body in [.application([1, 2, 3]), .proposal(.remove(RemoveProposal(removed: LeafIndex(2))))] {
            let tagged = FramedContentAuthData(signature: F.bytes(64, 1), confirmationTag: F.bytes(32, 2))
            #expect(!tagged.isConsistent(with: body.contentType))
            let authenticated = AuthenticatedContent(wireFormat: .privateMessage, content: F.content(body), auth: tagged)
            #expect(wireDecodeError(AuthenticatedContent.self, authenticated.mlsEncoded) == .trailingBytes)
            let publicMessage = PublicMessage(content: F.content(body), auth: tagged, membershipTag: F.bytes(32, 3))
            #expect(wireDecodeError(MLSMessage.self, message(.publicMessage(publicMessage))) == .trailingBytes)
        }
    }

    @Test func membershipTagRequiredForMembers() {
        var publicMessage = F.publicMessage(.proposal(.remove(RemoveProposal(removed: LeafIndex(0)))))
        #expect(publicMessage.membershipTag != nil)
        #expect(wireDecodeError(MLSMessage.self, message(.publicMessage(publicMessage))) == nil)
        publicMessage.membershipTag = nil
        #expect(wireDecodeError(MLSMessage.self, message(.publicMessage(publicMessage))) == .truncated)
    }

    @Test(arguments: [Sender.external(0), .newMemberProposal, .newMemberCommit])
    func membershipTagForbiddenForNonMembers(_ sender: Sender) {
        let body: FramedContent.Body = sender == .newMemberCommit
            ? .commit(F.commit) : .proposal(.add(AddProposal(keyPackage: F.keyPackage)))
        var publicMessage = F.publicMessage(body, sender: sender)
        #expect(publicMessage.membershipTag == nil)
        #expect(wireDecodeError(MLSMessage.self, message(.publicMessage(publicMessage))) == nil)
        publicMessage.membershipTag = F.bytes(32, 4)
        #expect(wireDecodeError(MLSMessage.self, message(.publicMessage(publicMessage))) == .trailingBytes)
    }

    // MARK: Enumerations whose bodies cannot be skipped

    @Test func unknownCredentialType() {
        #expect(wireDecodeError(Credential.self, [0, 1, 1, 0x61]) == nil)
        for type: UInt16 in [0, 3, 0xf000] {
            #expect(wireDecodeError(Credential.self, [UInt8(type >> 8), UInt8(type & 0xff), 1, 0x61]) == .invalidValue)
        }
    }

    @Test func unknownProposalType() {
        let remove = Proposal.remove(RemoveProposal(removed: LeafIndex(5))).mlsEncoded
        #expect(wireDecodeError(Proposal.self, remove) == nil)
        for type: [UInt8] in [[0, 0], [0, 8], [0x0a, 0x0a]] {
            #expect(wireDecodeError(Proposal.self, splice(remove, at: 0, count: 2, with: type)) == .invalidValue)
        }
    }

    @Test func unknownSmallEnums() {
        // ContentType (byte 14 of a PrivateMessage with a 5-byte group id).
        let privateMessage = PrivateMessage(
            groupID: Array("group".utf8), epoch: 1, contentType: .application, authenticatedData: [],
            encryptedSenderData: [1], ciphertext: [2])
        let bytes = privateMessage.mlsEncoded
        #expect(bytes[14] == 1)
        for value: UInt8 in [0, 4] {
            #expect(wireDecodeError(PrivateMessage.self, splice(bytes, at: 14, with: [value])) == .invalidValue)
        }
        #expect(wireDecodeError(Sender.self, [0, 0, 0, 0, 1]) == .invalidValue)
        #expect(wireDecodeError(Sender.self, [5]) == .invalidValue)
        #expect(wireDecodeError(Node.self, [3]) == .invalidValue)
        #expect(wireDecodeError(LeafNodeSource.self, [0]) == .invalidValue)
        #expect(wireDecodeError(LeafNodeSource.self, [4]) == .invalidValue)
        #expect(wireDecodeError(PSK.self, [0, 0]) == .invalidValue)
        #expect(wireDecodeError(PSK.self, [3, 0]) == .invalidValue)
        #expect(wireDecodeError(ResumptionPSKUsage.self, [0]) == .invalidValue)
        #expect(wireDecodeError(ResumptionPSKUsage.self, [4]) == .invalidValue)
        #expect(wireDecodeError(ProposalOrRef.self, [0, 0]) == .invalidValue)
        #expect(wireDecodeError(ProposalOrRef.self, [3, 0]) == .invalidValue)
        #expect(wireDecodeError(ContentType.self, [0]) == .invalidValue)
    }

    @Test func unknownCodePointsInListsAreKept() throws {
        let required = RequiredCapabilitiesExtension(
            extensionTypes: [ExtensionType(rawValue: 0xbeef)], proposalTypes: [ProposalType(rawValue: 0x1234)],
            credentialTypes: [CredentialType(rawValue: 0x7777)])
        #expect(try RequiredCapabilitiesExtension(mlsEncoded: required.mlsEncoded) == required)
        #expect(try Capabilities(mlsEncoded: F.capabilities.mlsEncoded) == F.capabilities)
    }

    @Test func authenticatedContentOnlyForFramedWireFormats() {
        let content = F.content(.application([1]))
        let auth = F.auth(for: .application([1]))
        for format in [WireFormat(rawValue: 0), .welcome, .groupInfo, .keyPackage] {
            let value = AuthenticatedContent(wireFormat: format, content: content, auth: auth)
            #expect(wireDecodeError(AuthenticatedContent.self, value.mlsEncoded) == .invalidValue)
        }
    }

    @Test func confirmedTranscriptHashInputRequiresCommit() {
        let input = ConfirmedTranscriptHashInput(
            wireFormat: .publicMessage, content: F.content(.application([1])), signature: [2])
        #expect(wireDecodeError(ConfirmedTranscriptHashInput.self, input.mlsEncoded) == .invalidValue)
    }

    @Test func senderDataReuseGuardIsFourBytes() throws {
        let data = SenderData(leafIndex: LeafIndex(3), generation: 9, reuseGuard: [1, 2, 3, 4])
        let bytes = data.mlsEncoded
        #expect(bytes.count == 12)
        #expect(try SenderData(mlsEncoded: bytes) == data)
        #expect(wireDecodeError(SenderData.self, Array(bytes.dropLast())) == .truncated)
        #expect(wireDecodeError(SenderData.self, bytes + [5]) == .trailingBytes)
    }

    // MARK: Extensions

    @Test func duplicateExtensionTypes() throws {
        let a = Extension(extensionType: .applicationID, extensionData: [1])
        let b = Extension(extensionType: .externalPub, extensionData: [2])
        #expect([a, b].hasUniqueTypes)
        #expect(wireMLSErrorCode { try [a, b].validateUniqueTypes() } == nil)
        let duplicate = [a, b, Extension(extensionType: .applicationID, extensionData: [3])]
        #expect(!duplicate.hasUniqueTypes)
        #expect(wireMLSErrorCode { try duplicate.validateUniqueTypes() } == .duplicateExtension)
    }

    @Test func duplicateExtensionTypesAreRejectedWhenDecoding() {
        let twice = [
            Extension(extensionType: ExtensionType(rawValue: 0x0a0a), extensionData: [1]),
            Extension(extensionType: .applicationID, extensionData: [0]),
            Extension(extensionType: ExtensionType(rawValue: 0x0a0a), extensionData: [2]),
        ]
        let once = Array(twice.prefix(2))

        var context = F.groupContext
        context.extensions = once
        #expect(wireDecodeError(GroupContext.self, context.mlsEncoded) == nil)
        context.extensions = twice
        #expect(wireDecodeError(GroupContext.self, context.mlsEncoded) == .invalidValue)

        var leaf = F.leafNode()
        leaf.extensions = twice
        #expect(wireDecodeError(LeafNode.self, leaf.mlsEncoded) == .invalidValue)

        var keyPackage = F.keyPackage
        keyPackage.extensions = twice
        #expect(wireDecodeError(KeyPackage.self, keyPackage.mlsEncoded) == .invalidValue)

        let info = GroupInfo(groupContext: F.groupContext, extensions: twice, confirmationTag: [1], signer: LeafIndex(0), signature: [2])
        #expect(wireDecodeError(GroupInfo.self, info.mlsEncoded) == .invalidValue)

        let reInit = ReInitProposal(groupID: [1], cipherSuite: F.suite, extensions: twice)
        #expect(wireDecodeError(ReInitProposal.self, reInit.mlsEncoded) == .invalidValue)

        #expect(wireDecodeError(GroupContextExtensionsProposal.self, GroupContextExtensionsProposal(extensions: once).mlsEncoded) == nil)
        #expect(wireDecodeError(GroupContextExtensionsProposal.self, GroupContextExtensionsProposal(extensions: twice).mlsEncoded) == .invalidValue)
    }

    @Test func extensionLookupAndPayloads() throws {
        let pub = ExternalPubExtension(externalPub: F.bytes(32, 1))
        let extensions = [
            Extension(.applicationID, payload: ApplicationIDExtension(applicationID: [7])),
            Extension(.externalPub, payload: pub),
        ]
        #expect(extensions.first(ofType: .externalPub)?.extensionData == pub.mlsEncoded)
        #expect(try extensions.payload(ExternalPubExtension.self, ofType: .externalPub) == pub)
        #expect(try extensions.payload(ExternalSendersExtension.self, ofType: .externalSenders) == nil)
        #expect(!extensions.contains(type: .ratchetTree))
        // A payload with trailing bytes is rejected.
        let bad = [Extension(extensionType: .externalPub, extensionData: pub.mlsEncoded + [0])]
        #expect(throws: CodecError.self) { try bad.payload(ExternalPubExtension.self, ofType: .externalPub) }
    }
}
