import MLS
import Testing

/// PrivateMessage protection (RFC 9420 §6.3): encryption, padding, sender data, and the
/// rejection rules with their exact codes.
@Suite struct FramingPrivateMessageTests {
    @Test("every content type round-trips through PrivateMessage", arguments: FramingFixture.suites)
    func roundTrip(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var sender = try f.keys()
        var receiver = try f.keys()
        for body in [f.proposalBody, f.commitBody, f.applicationBody, f.applicationBody] {
            let message = try sender.protect(try f.signed(body, wireFormat: .privateMessage), provider: f.provider)
            let opened = try receiver.unprotect(try MLSMessage(mlsEncoded: message.mlsEncoded), provider: f.provider)
            #expect(opened.content.body == body)
            #expect(opened.content.sender == .member(f.sender))
            #expect(opened.content.authenticatedData == Array("aad".utf8))
            #expect(opened.wireFormat == .privateMessage)
        }
        // Two application messages used generations 0 and 1 of the application ratchet.
        #expect(sender.secretTree.nextGeneration(for: f.sender, kind: .application) == 2)
        #expect(sender.secretTree.nextGeneration(for: f.sender, kind: .handshake) == 2)
    }

    @Test("padding fills the plaintext to a multiple of the block size", arguments: FramingFixture.suites)
    func padding(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        let policy = try PaddingPolicy(blockSize: 64)
        for length in [0, 1, 63, 64, 200] {
            var sender = try f.keys()
            var receiver = try f.keys()
            let body = FramedContent.Body.application([UInt8](repeating: 0xab, count: length))
            let message = try sender.protect(try f.signed(body, wireFormat: .privateMessage), padding: policy, provider: f.provider)
            guard case .privateMessage(let priv) = message.body else { Issue.record("not a PrivateMessage"); return }
            // AEAD tags of all supported suites are 16 bytes.
            #expect((priv.ciphertext.count - 16) % 64 == 0)
            #expect(try receiver.unprotect(message, provider: f.provider).content.body == body)
        }
        expectMLSError(.invalidPaddingPolicy) { try PaddingPolicy(blockSize: 0) }
    }

    @Test("non-zero padding is rejected")
    func nonZeroPadding() throws {
        let content = PrivateMessageContent(body: .application([1, 2, 3]), auth: FramedContentAuthData(signature: [9, 9], confirmationTag: nil), paddingLength: 8)
        let decoded = try PrivateMessageContent(decoding: content.encoded, contentType: .application)
        #expect(decoded == content)
        var bad = content.encoded
        bad[bad.count - 3] = 1
        expectMLSError(.invalidPadding) { try PrivateMessageContent(decoding: bad, contentType: .application) }
    }

    @Test("an encrypted PrivateMessage with non-zero padding is rejected", arguments: FramingFixture.suites)
    func nonZeroPaddingEncrypted(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        let signed = try f.signed(f.applicationBody, wireFormat: .privateMessage)
        // Encrypt by hand, as a sender that ignores the padding rule would.
        var tree = try SecretTree(encryptionSecret: f.encryptionSecret, leafCount: 2, provider: f.provider)
        let ratchet = try tree.nextKey(for: f.sender, kind: .application)
        let reuseGuard: [UInt8] = [1, 2, 3, 4]
        var plaintext = PrivateMessageContent(body: signed.content.body, auth: signed.auth, paddingLength: 4).encoded
        plaintext[plaintext.count - 1] = 0x01
        var message = PrivateMessage(
            groupID: f.groupContext.groupID, epoch: f.groupContext.epoch, contentType: .application,
            authenticatedData: signed.content.authenticatedData, encryptedSenderData: [], ciphertext: []
        )
        message.ciphertext = try f.provider.seal(
            key: ratchet.key, nonce: try ratchet.nonce(reuseGuard: reuseGuard),
            aad: PrivateContentAAD(message).mlsEncoded, plaintext: plaintext
        )
        let senderDataKeys = try SenderDataKeys(senderDataSecret: f.senderDataSecret, ciphertext: message.ciphertext, provider: f.provider)
        message.encryptedSenderData = try f.provider.seal(
            key: senderDataKeys.key, nonce: senderDataKeys.nonce.exposedBytes, aad: SenderDataAAD(message).mlsEncoded,
            plaintext: SenderData(leafIndex: f.sender, generation: ratchet.generation, reuseGuard: reuseGuard).mlsEncoded
        )
        var receiver = try f.keys()
        expectMLSError(.invalidPadding) { try message.unprotect(keys: &receiver, provider: f.provider) }
        // The failure consumed nothing: generation 0 is still expected.
        #expect(receiver.secretTree.nextGeneration(for: f.sender, kind: .application) == 0)
    }

    @Test("wrong group id and wrong epoch are rejected", arguments: FramingFixture.suites)
    func wrongGroupAndEpoch(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var sender = try f.keys()
        expectMLSError(.wrongGroupID) {
            try sender.protect(try f.signed(f.applicationBody, wireFormat: .privateMessage, groupID: [1]), provider: f.provider)
        }
        expectMLSError(.wrongEpoch) {
            try sender.protect(try f.signed(f.applicationBody, wireFormat: .privateMessage, epoch: 1), provider: f.provider)
        }
        let message = try sender.protect(try f.signed(f.applicationBody, wireFormat: .privateMessage), provider: f.provider)
        guard case .privateMessage(let priv) = message.body else { Issue.record("not a PrivateMessage"); return }
        var receiver = try f.keys()
        var otherGroup = priv
        otherGroup.groupID = [1]
        expectMLSError(.wrongGroupID) { try otherGroup.unprotect(keys: &receiver, provider: f.provider) }
        var otherEpoch = priv
        otherEpoch.epoch += 1
        expectMLSError(.wrongEpoch) { try otherEpoch.unprotect(keys: &receiver, provider: f.provider) }
        #expect(try priv.unprotect(keys: &receiver, provider: f.provider).content.body == f.applicationBody)
    }

    @Test("a sender leaf that is blank is rejected", arguments: FramingFixture.suites)
    func unknownSender(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var sender = try f.keys()
        let message = try sender.protect(try f.signed(f.applicationBody, wireFormat: .privateMessage), provider: f.provider)
        var receiver = try f.keys(knownLeaves: [0])
        expectMLSError(.unknownSender) { try receiver.unprotect(message, provider: f.provider) }
    }

    @Test("a signature by another key is rejected", arguments: FramingFixture.suites)
    func badSignature(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var sender = try f.keys()
        let message = try sender.protect(try f.signed(f.proposalBody, wireFormat: .privateMessage, signer: 0), provider: f.provider)
        var receiver = try f.keys()
        expectMLSError(.invalidSignature) { try receiver.unprotect(message, provider: f.provider) }
        #expect(receiver.secretTree.nextGeneration(for: f.sender, kind: .handshake) == 0)
    }

    @Test("commits need a confirmation tag; application data must not have one", arguments: FramingFixture.suites)
    func confirmationTagPresence(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var keys = try f.keys()
        expectMLSError(.missingConfirmationTag) {
            try keys.protect(try f.signed(f.commitBody, wireFormat: .privateMessage, withTag: false), provider: f.provider)
        }
        expectMLSError(.unexpectedConfirmationTag) {
            try keys.protect(try f.signed(f.applicationBody, wireFormat: .privateMessage).withConfirmationTag([1]), provider: f.provider)
        }
        // Neither attempt advanced the ratchets.
        #expect(keys.secretTree.nextGeneration(for: f.sender, kind: .handshake) == 0)
        #expect(keys.secretTree.nextGeneration(for: f.sender, kind: .application) == 0)
    }

    @Test("a message decrypts once; a replay is rejected", arguments: FramingFixture.suites)
    func replay(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var sender = try f.keys()
        let message = try sender.protect(try f.signed(f.applicationBody, wireFormat: .privateMessage), provider: f.provider)
        var receiver = try f.keys()
        _ = try receiver.unprotect(message, provider: f.provider)
        expectMLSError(.ratchetGenerationConsumed) { try receiver.unprotect(message, provider: f.provider) }
    }

    @Test("a wrong sender-data secret fails sender data decryption", arguments: FramingFixture.suites)
    func wrongSenderDataSecret(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var sender = try f.keys()
        let message = try sender.protect(try f.signed(f.applicationBody, wireFormat: .privateMessage), provider: f.provider)
        var receiver = try f.keys()
        receiver.senderDataSecret = f.provider.randomBytes(f.provider.hashLength)
        expectMLSError(.senderDataDecryptionFailed) { try receiver.unprotect(message, provider: f.provider) }
    }

    @Test("a wrong encryption secret fails content decryption", arguments: FramingFixture.suites)
    func wrongEncryptionSecret(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var sender = try f.keys()
        let message = try sender.protect(try f.signed(f.applicationBody, wireFormat: .privateMessage), provider: f.provider)
        var receiver = try f.keys()
        receiver.secretTree = try SecretTree(encryptionSecret: f.provider.randomBytes(f.provider.hashLength), leafCount: 2, provider: f.provider)
        expectMLSError(.contentDecryptionFailed) { try receiver.unprotect(message, provider: f.provider) }
    }

    @Test("a flipped bit anywhere in a PrivateMessage fails cleanly and consumes nothing", arguments: FramingFixture.suites)
    func flippedBits(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var sender = try f.keys()
        let message = try sender.protect(try f.signed(f.commitBody, wireFormat: .privateMessage), provider: f.provider)
        let bytes = message.mlsEncoded
        var receiver = try f.keys()
        // Every bit for the mandatory suite; one bit per byte (rotating) for the others.
        let exhaustive = suite == .mls128DHKEMX25519AES128GCMSHA256Ed25519
        for byte in bytes.indices {
            for bit in exhaustive ? Array(0..<8) : [byte % 8] {
                var tampered = bytes
                tampered[byte] ^= UInt8(1) << UInt8(bit)
                do {
                    _ = try receiver.unprotect(try MLSMessage(mlsEncoded: tampered), provider: f.provider)
                    Issue.record("flipped bit \(bit) of byte \(byte) was accepted")
                } catch is MLSError {
                } catch is CodecError {
                } catch {
                    Issue.record("flipped bit \(bit) of byte \(byte): unexpected error type \(error)")
                }
            }
        }
        // No failed attempt consumed the key: the original still decrypts.
        #expect(try receiver.unprotect(message, provider: f.provider).content.body == f.commitBody)
    }

    @Test("epoch keys built from EpochSecrets protect and unprotect", arguments: FramingFixture.suites)
    func fromEpochSecrets(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        let secrets = try EpochSecrets(epochSecret: f.provider.randomBytes(f.provider.hashLength), provider: f.provider)
        let publicKey = f.signatureKeys[1].publicKey
        let lookup: @Sendable (LeafIndex) -> [UInt8]? = { $0 == LeafIndex(1) ? publicKey : nil }
        var sender = try EpochProtectionKeys(groupContext: f.groupContext, epochSecrets: secrets, leafCount: 4, provider: f.provider, memberSignatureKey: lookup)
        var receiver = try EpochProtectionKeys(groupContext: f.groupContext, epochSecrets: secrets, leafCount: 4, provider: f.provider, memberSignatureKey: lookup)
        #expect(sender.membershipKey == secrets.membershipKey)
        for wireFormat in [WireFormat.publicMessage, .privateMessage] {
            let message = try sender.protect(try f.signed(f.proposalBody, wireFormat: wireFormat), provider: f.provider)
            #expect(try receiver.unprotect(message, provider: f.provider).content.body == f.proposalBody)
        }
        expectMLSError(.invalidSecretTreeSize) {
            try EpochProtectionKeys(groupContext: f.groupContext, epochSecrets: secrets, leafCount: 3, provider: f.provider, memberSignatureKey: lookup)
        }
    }

    @Test("arbitrary plaintexts decode or throw, never trap")
    func arbitraryPlaintexts() {
        // A fixed xorshift stream: the same inputs on every run.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt8 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
        var decoded = 0
        for round in 0..<3000 {
            let length = Int(next()) % 96
            var bytes = (0..<length).map { _ in next() }
            // Bias some inputs towards valid prefixes: short lengths and zero padding.
            if round % 3 == 0, !bytes.isEmpty { bytes[0] &= 0x0f }
            for contentType in ContentType.allCases {
                do {
                    let content = try PrivateMessageContent(decoding: bytes, contentType: contentType)
                    #expect(content.encoded == bytes)
                    decoded += 1
                } catch is MLSError {
                } catch is CodecError {
                } catch {
                    Issue.record("unexpected error type \(error)")
                }
            }
        }
        #expect(decoded > 0)
    }
}
