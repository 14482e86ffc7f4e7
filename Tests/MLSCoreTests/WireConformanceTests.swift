import MLS
import Testing

/// The agreed conformances of every wire type (HELPERS.md: public, `Hashable, Sendable,
/// MLSCodable`), checked at compile time, and the exact length bounds at their edges.
@Suite struct WireConformanceTests {
    func conforms<T: Hashable & Sendable & MLSCodable>(_ type: T.Type) -> String { "\(T.self)" }
    func encodable<T: Hashable & Sendable & MLSEncodable>(_ type: T.Type) -> String { "\(T.self)" }

    @Test func everyWireTypeHasTheAgreedConformances() {
        let names = [
            conforms(ProtocolVersion.self), conforms(ContentType.self), conforms(WireFormat.self),
            conforms(ExtensionType.self), conforms(ProposalType.self), conforms(CredentialType.self),
            conforms(Extension.self), conforms(Capabilities.self), conforms(Lifetime.self),
            conforms(Credential.self), conforms(LeafNodeSource.self), conforms(LeafNode.self),
            conforms(KeyPackage.self), conforms(ParentNode.self), conforms(Node.self),
            conforms(RatchetTreeNodes.self), conforms(UpdatePathNode.self), conforms(UpdatePath.self),
            conforms(PreSharedKeyID.self), conforms(PSK.self), conforms(ResumptionPSKUsage.self),
            conforms(AddProposal.self), conforms(UpdateProposal.self), conforms(RemoveProposal.self),
            conforms(PreSharedKeyProposal.self), conforms(ReInitProposal.self),
            conforms(ExternalInitProposal.self), conforms(GroupContextExtensionsProposal.self),
            conforms(Proposal.self), conforms(ProposalOrRef.self), conforms(Commit.self),
            conforms(GroupContext.self), conforms(Sender.self), conforms(FramedContent.self),
            encodable(FramedContentAuthData.self), conforms(AuthenticatedContent.self),
            conforms(ConfirmedTranscriptHashInput.self), conforms(InterimTranscriptHashInput.self),
            conforms(PublicMessage.self), conforms(PrivateMessage.self), conforms(SenderData.self),
            conforms(SenderDataAAD.self), conforms(PrivateContentAAD.self), conforms(MLSMessage.self),
            conforms(GroupInfo.self), conforms(GroupSecrets.self), conforms(PathSecret.self),
            conforms(EncryptedGroupSecrets.self), conforms(Welcome.self), conforms(SecretBytes.self),
            conforms(ApplicationIDExtension.self), conforms(RequiredCapabilitiesExtension.self),
            conforms(ExternalPubExtension.self), conforms(ExternalSender.self),
            conforms(ExternalSendersExtension.self),
        ]
        #expect(Set(names).count == names.count)
    }

    @Test func boundsAcceptTheLimitAndRejectOneMore() {
        // Keys and signatures: maxKeyLength.
        for count in [MLSLimits.maxKeyLength, MLSLimits.maxKeyLength + 1] {
            let ok = count <= MLSLimits.maxKeyLength
            let pub = ExternalPubExtension(externalPub: [UInt8](repeating: 1, count: count))
            #expect((wireDecodeError(ExternalPubExtension.self, pub.mlsEncoded) == nil) == ok)
            let tag = InterimTranscriptHashInput(confirmationTag: [UInt8](repeating: 2, count: count))
            #expect((wireDecodeError(InterimTranscriptHashInput.self, tag.mlsEncoded) == nil) == ok)
            let secret = PathSecret(pathSecret: SecretBytes(zeros: count))
            #expect((wireDecodeError(PathSecret.self, secret.mlsEncoded) == nil) == ok)
        }
        // Identifiers: maxIdentifierLength.
        for count in [MLSLimits.maxIdentifierLength, MLSLimits.maxIdentifierLength + 1] {
            let ok = count <= MLSLimits.maxIdentifierLength
            let credential = Credential.basic(identity: [UInt8](repeating: 3, count: count))
            #expect((wireDecodeError(Credential.self, credential.mlsEncoded) == nil) == ok)
            let psk = PSK.external(pskID: [UInt8](repeating: 4, count: count))
            #expect((wireDecodeError(PSK.self, psk.mlsEncoded) == nil) == ok)
            let app = ApplicationIDExtension(applicationID: [UInt8](repeating: 5, count: count))
            #expect((wireDecodeError(ApplicationIDExtension.self, app.mlsEncoded) == nil) == ok)
        }
    }
}
