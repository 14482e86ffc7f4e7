import MLSCrypto

/// The KEM interface of RFC 9180 §4, dispatching to DHKEM or X-Wing.
extension KEMAlgorithm {
    func generateKeyPair() throws(CryptoError) -> KeyPair {
        self == .xWing ? try xWingGenerateKeyPair() : try dhGenerateKeyPair()
    }

    func deriveKeyPair(ikm: SecretBytes) throws(CryptoError) -> KeyPair {
        self == .xWing ? try xWingDeriveKeyPair(ikm: ikm) : try dhDeriveKeyPair(ikm: ikm)
    }

    func publicKey(privateKey: SecretBytes) throws(CryptoError) -> [UInt8] {
        self == .xWing ? try xWingPublicKey(privateKey: privateKey) : try dhPublicKey(privateKey: privateKey)
    }

    /// `Encap(pkR)`. For the DH KEMs `ephemeralIKM`, if given, derives the ephemeral key pair
    /// deterministically (RFC 9180 Appendix A test vectors); X-Wing is always randomized.
    func encap(publicKey: [UInt8], ephemeralIKM: SecretBytes? = nil) throws(CryptoError) -> (sharedSecret: SecretBytes, enc: [UInt8]) {
        if self == .xWing {
            guard ephemeralIKM == nil else { throw CryptoError(.encryptionFailed, "X-Wing has no deterministic encapsulation here") }
            return try xWingEncap(publicKey: publicKey)
        }
        let ephemeral: KeyPair
        if let ephemeralIKM {
            ephemeral = try dhDeriveKeyPair(ikm: ephemeralIKM)
        } else {
            ephemeral = try dhGenerateKeyPair()
        }
        return try dhEncap(publicKey: publicKey, ephemeral: ephemeral)
    }

    /// `Decap(enc, skR)`.
    func decap(enc: [UInt8], privateKey: SecretBytes) throws(CryptoError) -> SecretBytes {
        self == .xWing ? try xWingDecap(enc: enc, privateKey: privateKey) : try dhDecap(enc: enc, privateKey: privateKey)
    }
}
