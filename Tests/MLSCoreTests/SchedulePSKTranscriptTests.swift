import MLS
import Testing

@Suite struct SchedulePSKTranscriptTests {
    static func externalPSK(_ n: UInt8, _ p: any CipherSuiteProvider, nonceLength: Int? = nil) -> PSKSecret.Input {
        PSKSecret.Input(
            id: PreSharedKeyID(psk: .external(pskID: [n, n]), pskNonce: [UInt8](repeating: n, count: nonceLength ?? p.hashLength)),
            psk: SecretBytes([UInt8](repeating: n &+ 100, count: 20)))
    }

    @Test("no PSKs give the all-zero psk_secret", arguments: ScheduleSuites.all)
    func empty(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        #expect(try PSKSecret.derive([], provider: p) == SecretBytes(zeros: p.hashLength))
    }

    @Test("one PSK follows the RFC 9420 §8.4 chain", arguments: ScheduleSuites.all)
    func single(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let input = Self.externalPSK(1, p)
        let zero = [UInt8](repeating: 0, count: p.hashLength)
        var label = MLSWriter()
        label.write(input.id)
        label.write(UInt16(0))
        label.write(UInt16(1))
        #expect(PSKLabel(id: input.id, index: 0, count: 1).mlsEncoded == label.bytes)
        let pskInput = try p.expandWithLabel(p.extract(salt: zero, ikm: input.psk), label: "derived psk", context: label.bytes, length: p.hashLength)
        let expected = p.extract(salt: pskInput.exposedBytes, ikm: SecretBytes(zeros: p.hashLength))
        #expect(try PSKSecret.derive([input], provider: p) == expected)
    }

    @Test("order, identity and nonce of PSKs all change psk_secret", arguments: ScheduleSuites.all)
    func binding(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let a = Self.externalPSK(1, p)
        let b = Self.externalPSK(2, p)
        let ab = try PSKSecret.derive([a, b], provider: p)
        #expect(ab != (try PSKSecret.derive([b, a], provider: p)))
        #expect(ab != (try PSKSecret.derive([a], provider: p)))
        var renamed = b
        renamed.id.psk = .resumption(usage: .application, pskGroupID: [2, 2], pskEpoch: 7)
        #expect(ab != (try PSKSecret.derive([a, renamed], provider: p)))
        var renonced = b
        renonced.id.pskNonce[0] ^= 1
        #expect(ab != (try PSKSecret.derive([a, renonced], provider: p)))
    }

    @Test("a psk_nonce that is not Nh bytes is rejected", arguments: ScheduleSuites.all)
    func nonceLength(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        for length in [0, p.hashLength - 1, p.hashLength + 1] {
            let bad = Self.externalPSK(3, p, nonceLength: length)
            #expect(mlsErrorCode { try PSKSecret.derive([Self.externalPSK(1, p), bad], provider: p) } == .invalidPSKNonce)
        }
    }

    @Test("more PSKs than PSKLabel.count can hold are rejected", arguments: ScheduleSuites.all)
    func tooMany(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let many = [PSKSecret.Input](repeating: Self.externalPSK(1, p), count: Int(UInt16.max) + 1)
        #expect(mlsErrorCode { try PSKSecret.derive(many, provider: p) } == .tooManyPSKs)
    }

    @Test("PSKLabel decodes what it encodes")
    func labelRoundTrip() throws {
        let label = PSKLabel(
            id: PreSharedKeyID(psk: .resumption(usage: .reinit, pskGroupID: [9], pskEpoch: 3), pskNonce: [1, 2]),
            index: 4, count: 5)
        #expect(try PSKLabel(mlsEncoded: label.mlsEncoded) == label)
    }

    static func content(_ body: FramedContent.Body, tag: [UInt8]?) -> AuthenticatedContent {
        AuthenticatedContent(
            wireFormat: .publicMessage,
            content: FramedContent(groupID: [1], epoch: 4, sender: .member(LeafIndex(0)), authenticatedData: [], body: body),
            auth: FramedContentAuthData(signature: [5, 5], confirmationTag: tag))
    }

    @Test("transcript hashes are updated from a commit's AuthenticatedContent", arguments: ScheduleSuites.all)
    func transcriptUpdate(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let tag = [UInt8](repeating: 0xab, count: p.hashLength)
        let commit = Self.content(.commit(Commit(proposals: [], path: nil)), tag: tag)
        let before = p.hash([1])
        let (confirmed, interim) = try TranscriptHash.update(interimBefore: before, commit: commit, provider: p)
        var input = MLSWriter()
        input.write(commit.wireFormat)
        input.write(commit.content)
        input.writeOpaque(commit.auth.signature)
        #expect(confirmed == p.hash(before + input.bytes))
        var interimInput = MLSWriter()
        interimInput.writeOpaque(tag)
        #expect(interim == p.hash(confirmed + interimInput.bytes))
        #expect(try TranscriptHash.confirmed(
            interimBefore: before, wireFormat: commit.wireFormat, content: commit.content, signature: commit.auth.signature,
            provider: p) == confirmed)
        // The tag enters only the interim hash.
        let retagged = Self.content(.commit(Commit(proposals: [], path: nil)), tag: [UInt8](repeating: 0xcd, count: p.hashLength))
        let other = try TranscriptHash.update(interimBefore: before, commit: retagged, provider: p)
        #expect(other.confirmed == confirmed)
        #expect(other.interim != interim)
    }

    @Test("non-commit content does not update the transcript", arguments: ScheduleSuites.all)
    func transcriptRejectsNonCommit(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let application = Self.content(.application([1, 2, 3]), tag: [1])
        #expect(mlsErrorCode { try TranscriptHash.update(interimBefore: [], commit: application, provider: p) } == .transcriptHashNotCommit)
        let untagged = Self.content(.commit(Commit(proposals: [], path: nil)), tag: nil)
        #expect(mlsErrorCode { try TranscriptHash.update(interimBefore: [], commit: untagged, provider: p) } == .transcriptHashNotCommit)
        #expect(mlsErrorCode {
            try TranscriptHash.confirmed(interimBefore: [], wireFormat: .publicMessage, content: application.content, signature: [], provider: p)
        } == .transcriptHashNotCommit)
    }
}
