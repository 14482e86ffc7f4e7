import MLS
import Testing

@Suite struct ScheduleKeyScheduleTests {
    static let groupContext: [UInt8] = Array("serialized group context".utf8)

    @Test("member and joiner derive the same epoch; nil inputs are the all-zero vector", arguments: ScheduleSuites.all)
    func memberAndJoinerAgree(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let schedule = KeySchedule(provider: p)
        let initSecret = ScheduleSuites.secret(1, p)
        let member = try schedule.advance(
            initSecret: initSecret, commitSecret: ScheduleSuites.secret(2, p), pskSecret: ScheduleSuites.secret(3, p),
            groupContext: Self.groupContext)
        let welcome = try schedule.welcomeSecret(joinerSecret: member.joinerSecret, pskSecret: ScheduleSuites.secret(3, p))
        #expect(welcome == member.welcomeSecret)
        let joiner = try schedule.join(joinerSecret: member.joinerSecret, pskSecret: ScheduleSuites.secret(3, p), groupContext: Self.groupContext)
        #expect(joiner == member)

        let implicit = try schedule.advance(initSecret: initSecret, commitSecret: nil, pskSecret: nil, groupContext: Self.groupContext)
        let explicit = try schedule.advance(
            initSecret: initSecret, commitSecret: schedule.zeroSecret, pskSecret: schedule.zeroSecret, groupContext: Self.groupContext)
        #expect(implicit == explicit)
        #expect(implicit != member)

        // Every derived secret is Nh bytes and distinct.
        let s = member.epochSecrets
        let all = [s.senderDataSecret, s.encryptionSecret, s.exporterSecret, s.externalSecret, s.confirmationKey,
                   s.membershipKey, s.resumptionPSK, s.epochAuthenticator, s.initSecret, member.joinerSecret, member.welcomeSecret]
        #expect(all.allSatisfy { $0.count == p.hashLength })
        #expect(Set(all.map(\.exposedBytes)).count == all.count)
    }

    @Test("the GroupContext is bound into joiner and epoch secrets", arguments: ScheduleSuites.all)
    func contextBinding(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let schedule = KeySchedule(provider: p)
        let a = try schedule.advance(initSecret: ScheduleSuites.secret(1, p), commitSecret: nil, pskSecret: nil, groupContext: [1])
        let b = try schedule.advance(initSecret: ScheduleSuites.secret(1, p), commitSecret: nil, pskSecret: nil, groupContext: [2])
        #expect(a.joinerSecret != b.joinerSecret)
        #expect(a.epochSecrets.epochAuthenticator != b.epochSecrets.epochAuthenticator)
        // A joiner with the wrong context gets different epoch secrets from the same joiner_secret.
        let wrong = try schedule.join(joinerSecret: a.joinerSecret, pskSecret: nil, groupContext: [2])
        #expect(wrong.welcomeSecret == a.welcomeSecret)
        #expect(wrong.epochSecrets != a.epochSecrets)
    }

    @Test("secrets of the wrong length are rejected", arguments: ScheduleSuites.all)
    func secretLengths(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let schedule = KeySchedule(provider: p)
        let short = SecretBytes([1, 2, 3])
        let good = ScheduleSuites.secret(1, p)
        #expect(mlsErrorCode { try schedule.join(joinerSecret: short, pskSecret: nil, groupContext: []) } == .invalidSecretLength)
        #expect(mlsErrorCode { try schedule.welcomeSecret(joinerSecret: good, pskSecret: short) } == .invalidSecretLength)
        #expect(mlsErrorCode { try schedule.advance(initSecret: short, commitSecret: nil, pskSecret: nil, groupContext: []) } == .invalidSecretLength)
        #expect(mlsErrorCode { try schedule.advance(initSecret: good, commitSecret: short, pskSecret: nil, groupContext: []) } == .invalidSecretLength)
        #expect(mlsErrorCode { try schedule.externalKeyPair(externalSecret: short) } == .invalidSecretLength)
    }

    @Test("welcome key and nonce have the AEAD's sizes", arguments: ScheduleSuites.all)
    func welcomeKeyAndNonce(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let schedule = KeySchedule(provider: p)
        let (key, nonce) = try schedule.welcomeKeyAndNonce(welcomeSecret: ScheduleSuites.secret(4, p))
        #expect(key.count == p.parameters.aeadKeyLength)
        #expect(nonce.count == p.parameters.aeadNonceLength)
        #expect(key == (try p.expandWithLabel(ScheduleSuites.secret(4, p), label: "key", context: [], length: key.count)))
    }

    @Test("exporter output lengths are bounded by KDFLabel and the KDF", arguments: ScheduleSuites.all)
    func exporterBounds(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let secrets = try KeySchedule(provider: p)
            .advance(initSecret: ScheduleSuites.secret(1, p), commitSecret: nil, pskSecret: nil, groupContext: []).epochSecrets
        let max = KeySchedule.maxExportLength(hashLength: p.hashLength)
        #expect(max == min(65535, 255 * p.hashLength))
        #expect(try secrets.export(label: "cove test", context: [1], length: max, provider: p).count == max)
        #expect(try secrets.export(label: "cove test", context: [1], length: 0, provider: p).count == 0)
        #expect(mlsErrorCode { try secrets.export(label: "cove test", context: [1], length: max + 1, provider: p) } == .invalidExporterLength)
        #expect(mlsErrorCode { try secrets.export(label: "cove test", context: [1], length: 65536, provider: p) } == .invalidExporterLength)
        #expect(mlsErrorCode { try secrets.export(label: "cove test", context: [1], length: -1, provider: p) } == .invalidExporterLength)
        let long = [UInt8](repeating: 0x61, count: MLSLimits.maxIdentifierLength + 1)
        #expect(mlsErrorCode { try secrets.export(label: long, context: [], length: 16, provider: p) } == .invalidExporterLength)

        let a = try secrets.export(label: "cove test", context: [1], length: 32, provider: p)
        #expect(a == (try secrets.export(label: Array("cove test".utf8), context: [1], length: 32, provider: p)))
        #expect(a != (try secrets.export(label: "cove test", context: [2], length: 32, provider: p)))
        #expect(a != (try secrets.export(label: "cove other", context: [1], length: 32, provider: p)))
    }

    @Test("a wrong or truncated confirmation tag is rejected", arguments: ScheduleSuites.all)
    func confirmationTag(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let secrets = try KeySchedule(provider: p)
            .advance(initSecret: ScheduleSuites.secret(1, p), commitSecret: nil, pskSecret: nil, groupContext: []).epochSecrets
        let transcript = p.hash([1, 2, 3])
        let tag = secrets.confirmationTag(confirmedTranscriptHash: transcript, provider: p)
        #expect(tag == p.mac(key: secrets.confirmationKey, data: transcript))
        try secrets.verifyConfirmationTag(tag, confirmedTranscriptHash: transcript, provider: p)

        var flipped = tag
        flipped[tag.count - 1] ^= 0x01
        #expect(mlsErrorCode { try secrets.verifyConfirmationTag(flipped, confirmedTranscriptHash: transcript, provider: p) } == .invalidConfirmationTag)
        #expect(mlsErrorCode { try secrets.verifyConfirmationTag(Array(tag.dropLast()), confirmedTranscriptHash: transcript, provider: p) } == .invalidConfirmationTag)
        #expect(mlsErrorCode { try secrets.verifyConfirmationTag([], confirmedTranscriptHash: transcript, provider: p) } == .invalidConfirmationTag)
        #expect(mlsErrorCode { try secrets.verifyConfirmationTag(tag, confirmedTranscriptHash: p.hash([4]), provider: p) } == .invalidConfirmationTag)
    }

    @Test("external init: the joiner's and the group's init_secret agree", arguments: ScheduleSuites.all)
    func externalInit(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let schedule = KeySchedule(provider: p)
        let external = ScheduleSuites.secret(5, p)
        let pair = try schedule.externalKeyPair(externalSecret: external)
        #expect(pair == (try schedule.externalKeyPair(externalSecret: external)))
        let (kemOutput, joinerInit) = try schedule.externalInit(externalPub: pair.publicKey)
        #expect(joinerInit.count == p.hashLength)
        #expect(try schedule.externalInitSecret(kemOutput: kemOutput, externalSecret: external) == joinerInit)
        #expect(try schedule.externalInitSecret(kemOutput: kemOutput, externalSecret: ScheduleSuites.secret(6, p)) != joinerInit)
    }

    @Test("transcript hashes chain as RFC 9420 §8.2 defines", arguments: ScheduleSuites.all)
    func transcriptHashes(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let interimBefore = p.hash([9])
        let input: [UInt8] = [0, 1, 2, 3]
        let confirmed = TranscriptHash.confirmed(interimBefore: interimBefore, confirmedInput: input, provider: p)
        #expect(confirmed == p.hash(interimBefore + input))
        let tag: [UInt8] = [7, 7, 7]
        let interim = TranscriptHash.interim(confirmed: confirmed, confirmationTag: tag, provider: p)
        #expect(interim == p.hash(confirmed + [3] + tag))
        #expect(TranscriptHash.confirmed(interimBefore: [], confirmedInput: input, provider: p) != confirmed)
    }

    @Test("a GroupContext is hashed into the schedule in its serialized form", arguments: ScheduleSuites.all)
    func groupContextOverloads(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let schedule = KeySchedule(provider: p)
        let context = GroupContext(
            cipherSuite: suite, groupID: [1, 2], epoch: 9, treeHash: p.hash([3]), confirmedTranscriptHash: p.hash([4]), extensions: [])
        let typed = try schedule.advance(initSecret: ScheduleSuites.secret(1, p), commitSecret: nil, pskSecret: nil, groupContext: context)
        let raw = try schedule.advance(initSecret: ScheduleSuites.secret(1, p), commitSecret: nil, pskSecret: nil, groupContext: context.mlsEncoded)
        #expect(typed == raw)
        #expect(try schedule.join(joinerSecret: typed.joinerSecret, pskSecret: nil, groupContext: context) == typed)
        var next = context
        next.epoch += 1
        #expect(try schedule.joinerSecret(initSecret: ScheduleSuites.secret(1, p), commitSecret: nil, groupContext: next) != typed.joinerSecret)
    }
}
