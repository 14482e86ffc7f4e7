import MLSCodec
import MLSCrypto

/// `psk_secret`: the PSKs injected into an epoch, chained into one secret (RFC 9420 §8.4).
///
/// ```
/// psk_extracted_[i] = KDF.Extract(0, psk_[i])
/// psk_input_[i] = ExpandWithLabel(psk_extracted_[i], "derived psk", PSKLabel, KDF.Nh)
///
/// psk_secret_[0] = 0
/// psk_secret_[i] = KDF.Extract(psk_input_[i-1], psk_secret_[i-1])
/// psk_secret     = psk_secret_[n]
/// ```
///
/// where `0` is Nh zero bytes: with no PSKs `psk_secret` is all zeros.
public enum PSKSecret {
    /// One PSK to inject: its identifier (as listed in the Commit's PreSharedKey proposals or
    /// the Welcome's GroupSecrets, in that order) and its value (an external PSK from the
    /// application, or the `resumption_psk` of the referenced group and epoch).
    public struct Input: Sendable, Hashable {
        public var id: PreSharedKeyID
        public var psk: SecretBytes

        public init(id: PreSharedKeyID, psk: SecretBytes) {
            self.id = id
            self.psk = psk
        }
    }

    /// `psk_secret` over `psks`, in order.
    ///
    /// Throws ``MLSError/Code/tooManyPSKs`` for more than 65535 PSKs and
    /// ``MLSError/Code/invalidPSKNonce`` if a `psk_nonce` is not Nh bytes (RFC 9420 §12.1.4).
    public static func derive(_ psks: [Input], provider: any CipherSuiteProvider) throws -> SecretBytes {
        let nh = provider.hashLength
        guard psks.count <= Int(UInt16.max) else { throw MLSError(.tooManyPSKs, "\(psks.count) PSKs") }
        let zero = [UInt8](repeating: 0, count: nh)
        var secret = SecretBytes(zeros: nh)
        for (index, input) in psks.enumerated() {
            guard input.id.pskNonce.count == nh else { throw MLSError(.invalidPSKNonce, "PSK \(index)") }
            let label = PSKLabel(id: input.id, index: UInt16(index), count: UInt16(psks.count))
            let extracted = provider.extract(salt: zero, ikm: input.psk)
            let pskInput = try provider.expandWithLabel(extracted, label: "derived psk", context: label.mlsEncoded, length: nh)
            secret = provider.extract(salt: pskInput.exposedBytes, ikm: secret)
        }
        return secret
    }
}
