import MLS
import Testing

/// Random values of every wire type survive encode -> decode -> encode unchanged.
@Suite struct WireRoundTripTests {
    typealias RNG = WireTruncationTests.SplitMix64

    /// Builds random wire values from a seeded generator.
    struct Gen {
        var rng: RNG

        mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        mutating func bool() -> Bool { Bool.random(using: &rng) }
        mutating func u16() -> UInt16 { UInt16.random(in: 0...UInt16.max, using: &rng) }
        mutating func u32() -> UInt32 { UInt32.random(in: 0...UInt32.max, using: &rng) }
        mutating func u64() -> UInt64 { UInt64.random(in: 0...UInt64.max, using: &rng) }
        /// Lengths that straddle the 1/2-byte varint boundary (and, with `large`, the 2/4-byte
        /// one), staying within the identifier bound otherwise.
        mutating func bytes(large: Bool = false) -> [UInt8] {
            let edges = large ? [0, 63, 64, 16383, 16384] : [0, 63, 64, 1024]
            let count = bool() ? int(0...70) : edges[int(0...(edges.count - 1))]
            return (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
        mutating func list<T>(_ max: Int = 3, _ element: (inout Gen) -> T) -> [T] {
            (0..<int(0...max)).map { _ in element(&self) }
        }

        /// Extensions of distinct types (decoding rejects duplicates, RFC 9420 §13).
        mutating func extensions() -> [Extension] {
            let base = u16()
            return (0..<int(0...3)).map { i in
                Extension(extensionType: ExtensionType(rawValue: base &+ UInt16(i)), extensionData: bytes())
            }
        }
        mutating func credential() -> Credential {
            bool() ? .basic(identity: bytes()) : .x509(certificates: list { $0.bytes() })
        }
        mutating func capabilities() -> Capabilities {
            Capabilities(
                versions: list { ProtocolVersion(rawValue: $0.u16()) },
                cipherSuites: list { CipherSuite(rawValue: $0.u16()) },
                extensions: list { ExtensionType(rawValue: $0.u16()) },
                proposals: list { ProposalType(rawValue: $0.u16()) },
                credentials: list { CredentialType(rawValue: $0.u16()) })
        }
        mutating func leafNode() -> LeafNode {
            let source: LeafNodeSource
            switch int(0...2) {
            case 0: source = .keyPackage(Lifetime(notBefore: u64(), notAfter: u64()))
            case 1: source = .update
            default: source = .commit(parentHash: bytes())
            }
            return LeafNode(
                encryptionKey: bytes(), signatureKey: bytes(), credential: credential(),
                capabilities: capabilities(), source: source, extensions: extensions(), signature: bytes())
        }
        mutating func keyPackage() -> KeyPackage {
            KeyPackage(
                version: ProtocolVersion(rawValue: u16()), cipherSuite: CipherSuite(rawValue: u16()),
                initKey: bytes(), leafNode: leafNode(), extensions: extensions(), signature: bytes())
        }
        mutating func psk() -> PreSharedKeyID {
            let psk: PSK = bool()
                ? .external(pskID: bytes())
                : .resumption(usage: ResumptionPSKUsage.allCases[int(0...2)], pskGroupID: bytes(), pskEpoch: u64())
            return PreSharedKeyID(psk: psk, pskNonce: bytes())
        }
        mutating func proposal() -> Proposal {
            switch int(0...6) {
            case 0: .add(AddProposal(keyPackage: keyPackage()))
            case 1: .update(UpdateProposal(leafNode: leafNode()))
            case 2: .remove(RemoveProposal(removed: LeafIndex(u32())))
            case 3: .preSharedKey(PreSharedKeyProposal(psk: psk()))
            case 4: .reInit(ReInitProposal(
                groupID: bytes(), version: ProtocolVersion(rawValue: u16()),
                cipherSuite: CipherSuite(rawValue: u16()), extensions: extensions()))
            case 5: .externalInit(ExternalInitProposal(kemOutput: bytes()))
            default: .groupContextExtensions(GroupContextExtensionsProposal(extensions: extensions()))
            }
        }
        mutating func ciphertext() -> HPKECiphertext { HPKECiphertext(kemOutput: bytes(), ciphertext: bytes()) }
        mutating func commit() -> Commit {
            let path: UpdatePath? = bool()
                ? UpdatePath(leafNode: leafNode(), nodes: list { g in
                    UpdatePathNode(encryptionKey: g.bytes(), encryptedPathSecret: g.list { $0.ciphertext() })
                })
                : nil
            return Commit(proposals: list { g in g.bool() ? .proposal(g.proposal()) : .reference(g.bytes()) }, path: path)
        }
        mutating func sender() -> Sender {
            switch int(0...3) {
            case 0: .member(LeafIndex(u32()))
            case 1: .external(u32())
            case 2: .newMemberProposal
            default: .newMemberCommit
            }
        }
        mutating func content() -> FramedContent {
            let body: FramedContent.Body
            switch int(0...2) {
            case 0: body = .application(bytes(large: true))
            case 1: body = .proposal(proposal())
            default: body = .commit(commit())
            }
            return FramedContent(groupID: bytes(), epoch: u64(), sender: sender(), authenticatedData: bytes(), body: body)
        }
        mutating func publicMessage() -> PublicMessage {
            let content = content()
            let auth = FramedContentAuthData(
                signature: bytes(), confirmationTag: content.contentType == .commit ? bytes() : nil)
            return PublicMessage(content: content, auth: auth, membershipTag: content.sender.hasMembershipTag ? bytes() : nil)
        }
        mutating func groupContext() -> GroupContext {
            GroupContext(
                version: ProtocolVersion(rawValue: u16()), cipherSuite: CipherSuite(rawValue: u16()), groupID: bytes(),
                epoch: u64(), treeHash: bytes(), confirmedTranscriptHash: bytes(), extensions: extensions())
        }
        mutating func message() -> MLSMessage {
            switch int(0...4) {
            case 0: return MLSMessage(body: .publicMessage(publicMessage()))
            case 1:
                return MLSMessage(body: .privateMessage(PrivateMessage(
                    groupID: bytes(), epoch: u64(), contentType: ContentType.allCases[int(0...2)],
                    authenticatedData: bytes(large: true), encryptedSenderData: bytes(), ciphertext: bytes(large: true))))
            case 2:
                return MLSMessage(body: .welcome(Welcome(
                    cipherSuite: CipherSuite(rawValue: u16()),
                    secrets: list { g in EncryptedGroupSecrets(newMember: g.bytes(), encryptedGroupSecrets: g.ciphertext()) },
                    encryptedGroupInfo: bytes())))
            case 3:
                return MLSMessage(body: .groupInfo(GroupInfo(
                    groupContext: groupContext(), extensions: extensions(), confirmationTag: bytes(),
                    signer: LeafIndex(u32()), signature: bytes())))
            default:
                return MLSMessage(body: .keyPackage(keyPackage()))
            }
        }
    }

    func roundTrip<T: MLSCodable & Equatable>(_ value: T) throws {
        let bytes = value.mlsEncoded
        let decoded = try T(mlsEncoded: bytes)
        #expect(decoded == value, "\(T.self) changed in a round trip")
        #expect(decoded.mlsEncoded == bytes)
    }

    @Test("random values round-trip", arguments: 0..<4)
    func randomRoundTrip(_ seed: Int) throws {
        var gen = Gen(rng: RNG(state: UInt64(seed) &+ 0x5eed))
        for _ in 0..<60 {
            try roundTrip(gen.message())
            try roundTrip(gen.commit())
            try roundTrip(gen.groupContext())
            try roundTrip(gen.psk())
            try roundTrip(RatchetTreeNodes(nodes: gen.list(4) { g in
                switch g.int(0...2) {
                case 0: nil
                case 1: .leaf(g.leafNode())
                default: .parent(ParentNode(
                    encryptionKey: g.bytes(), parentHash: g.bytes(), unmergedLeaves: g.list { LeafIndex($0.u32()) }))
                }
            }))
            let secrets = GroupSecrets(
                joinerSecret: SecretBytes(gen.bytes()), pathSecret: gen.bool() ? PathSecret(pathSecret: SecretBytes(gen.bytes())) : nil,
                psks: gen.list { $0.psk() })
            try roundTrip(secrets)
            let content = gen.content()
            let auth = FramedContentAuthData(signature: gen.bytes(), confirmationTag: content.contentType == .commit ? gen.bytes() : nil)
            try roundTrip(AuthenticatedContent(wireFormat: gen.bool() ? .publicMessage : .privateMessage, content: content, auth: auth))
            try roundTrip(SenderDataAAD(groupID: gen.bytes(), epoch: gen.u64(), contentType: content.contentType))
            try roundTrip(PrivateContentAAD(groupID: gen.bytes(), epoch: gen.u64(), contentType: content.contentType, authenticatedData: gen.bytes()))
            try roundTrip(SenderData(leafIndex: LeafIndex(gen.u32()), generation: gen.u32(), reuseGuard: [1, 2, 3, 4]))
            try roundTrip(ExternalSendersExtension(senders: gen.list { g in ExternalSender(signatureKey: g.bytes(), credential: g.credential()) }))
            try roundTrip(RequiredCapabilitiesExtension(
                extensionTypes: gen.list { ExtensionType(rawValue: $0.u16()) }, proposalTypes: gen.list { ProposalType(rawValue: $0.u16()) },
                credentialTypes: gen.list { CredentialType(rawValue: $0.u16()) }))
            try roundTrip(ApplicationIDExtension(applicationID: gen.bytes()))
            try roundTrip(ExternalPubExtension(externalPub: gen.bytes()))
            try roundTrip(InterimTranscriptHashInput(confirmationTag: gen.bytes()))
        }
    }
}
