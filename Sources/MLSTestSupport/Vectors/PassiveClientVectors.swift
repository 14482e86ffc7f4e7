import MLS

/// `passive-client-*.json` and `interop-passive/*.json`: join by Welcome with the given
/// KeyPackage and private keys, then follow the group's commits as a passive member,
/// checking the epoch authenticator after the join and after every commit.
struct PassiveClientVectors: VectorFamily {
    let name = "passive-client"

    /// The clock of an entry. Lifetime checks stay on; the clock is set to when the vectors
    /// were generated instead: the `not_before` of the joiner's KeyPackage when it has a real
    /// lifetime (`passive-client-welcome.json`, valid until 2024-03-02, README gotcha 1), else
    /// 2024-06-01T00:00:00Z, inside the one-year lifetimes (from 2024-03-14) that other members'
    /// leaves carry in the files re-issued in March 2024.
    static func vectorTime(for keyPackage: KeyPackage) -> UInt64 {
        if case .keyPackage(let lifetime) = keyPackage.leafNode.source, lifetime.notAfter != UInt64.max {
            return lifetime.notBefore
        }
        return 1_717_200_000
    }

    func matches(_ entry: VectorEntry) -> Bool { entry.has("initial_epoch_authenticator") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        let suite = CipherSuite(rawValue: UInt16(truncatingIfNeeded: try entry.int("cipher_suite")))
        let provider = try context.crypto.provider(for: suite)
        guard case .keyPackage(let keyPackage) = try MLSMessage(mlsEncoded: try entry.hex("key_package")).body else {
            throw VectorFailure("key_package is not an MLSMessage(KeyPackage)")
        }
        let now = Self.vectorTime(for: keyPackage)
        // The vectors' KeyPackages use "eternal" lifetimes (0 ... 2^64-1): no maximum here.
        let configuration = MLSGroupConfiguration(crypto: context.crypto, clock: { now }, maxLeafLifetime: nil)
        let signaturePriv = SecretBytes(VectorEntry.fullLengthScalar(try entry.hex("signature_priv"), suite: suite))
        let encryptionPriv = SecretBytes(VectorEntry.fullLengthScalar(try entry.hex("encryption_priv"), suite: suite))
        let initPriv = SecretBytes(VectorEntry.fullLengthScalar(try entry.hex("init_priv"), suite: suite))
        // The private keys must match the KeyPackage's public keys.
        try VectorEntry.expectEqual(try provider.signaturePublicKey(privateKey: signaturePriv), keyPackage.leafNode.signatureKey, "signature_priv")
        try VectorEntry.expectEqual(try provider.kemPublicKey(privateKey: encryptionPriv), keyPackage.leafNode.encryptionKey, "encryption_priv")
        try VectorEntry.expectEqual(try provider.kemPublicKey(privateKey: initPriv), keyPackage.initKey, "init_priv")

        let identity = try SigningIdentity(credential: keyPackage.leafNode.credential, signaturePrivateKey: signaturePriv, provider: provider)
        let bundle = KeyPackageBundle(
            keyPackage: keyPackage, initPrivateKey: initPriv, encryptionPrivateKey: encryptionPriv, signingIdentity: identity
        )
        var psks = PreSharedKeyStore()
        for psk in try entry.entries("external_psks") {
            psks.addExternalPSK(id: try psk.hex("psk_id"), secret: SecretBytes(try psk.hex("psk")))
        }
        let tree = try entry.optionalHex("ratchet_tree").map { try RatchetTreeNodes(mlsEncoded: $0) }

        var group = try MLSGroup.join(
            welcome: try MLSMessage(mlsEncoded: try entry.hex("welcome")), keyPackages: [bundle],
            ratchetTree: tree, pskStore: psks, configuration: configuration
        )
        try VectorEntry.expectEqual(group.epochAuthenticator, try entry.hex("initial_epoch_authenticator"), "initial_epoch_authenticator")

        for (index, epoch) in try entry.entries("epochs").enumerated() {
            for proposal in epoch.object["proposals"] as? [String] ?? [] {
                guard let bytes = Hex.decode(proposal) else { throw VectorFailure("epoch \(index): proposal not hex") }
                guard case .proposal = try group.process(try MLSMessage(mlsEncoded: bytes), pskStore: psks) else {
                    throw VectorFailure("epoch \(index): proposal message did not yield a proposal")
                }
            }
            guard case .commit(let staged) = try group.process(try MLSMessage(mlsEncoded: try epoch.hex("commit")), pskStore: psks) else {
                throw VectorFailure("epoch \(index): commit message did not yield a commit")
            }
            try group.merge(staged)
            try VectorEntry.expectEqual(group.epochAuthenticator, try epoch.hex("epoch_authenticator"), "epoch \(index) epoch_authenticator")
        }
    }
}
