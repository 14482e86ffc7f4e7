import MLSCrypto

/// The AEAD key and nonce protecting a PrivateMessage's SenderData (RFC 9420 §6.3.2):
///
/// ```
/// ciphertext_sample = ciphertext[0..KDF.Nh-1]
/// sender_data_key   = ExpandWithLabel(sender_data_secret, "key", ciphertext_sample, AEAD.Nk)
/// sender_data_nonce = ExpandWithLabel(sender_data_secret, "nonce", ciphertext_sample, AEAD.Nn)
/// ```
///
/// The sample is the first Nh bytes of `PrivateMessage.ciphertext`, or all of it if shorter.
public struct SenderDataKeys: Sendable, Hashable {
    public let key: SecretBytes
    public let nonce: SecretBytes

    public init(senderDataSecret: SecretBytes, ciphertext: [UInt8], provider: any CipherSuiteProvider) throws(CryptoError) {
        let sample = Array(ciphertext.prefix(provider.hashLength))
        key = try provider.expandWithLabel(senderDataSecret, label: "key", context: sample, length: provider.parameters.aeadKeyLength)
        nonce = try provider.expandWithLabel(senderDataSecret, label: "nonce", context: sample, length: provider.parameters.aeadNonceLength)
    }
}
