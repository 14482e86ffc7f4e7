import MLSCodec
import MLSCrypto

/// `psk_secret` (RFC 9420 §8.4) over the PSKs of a commit or Welcome, in order.
enum GroupPSK {
    // struct {
    //     PreSharedKeyID id;
    //     uint16 index;
    //     uint16 count;
    // } PSKLabel;
    //
    // psk_extracted_[i] = KDF.Extract(0, psk_[i])
    // psk_input_[i] = ExpandWithLabel(psk_extracted_[i], "derived psk", PSKLabel, KDF.Nh)
    // psk_secret_[0] = 0
    // psk_secret_[i] = KDF.Extract(psk_input_[i-1], psk_secret_[i-1])
    static func secret(_ psks: [(PreSharedKeyID, SecretBytes)], provider: any CipherSuiteProvider) throws(MLSError) -> SecretBytes {
        guard psks.count <= Int(UInt16.max) else { throw MLSError(.proposalInvalidPSK, "too many PSKs") }
        let zero = SecretBytes(zeros: provider.hashLength)
        var secret = zero
        for (index, (id, psk)) in psks.enumerated() {
            var label = MLSWriter()
            label.write(id)
            label.write(UInt16(index))
            label.write(UInt16(psks.count))
            let extracted = provider.extract(salt: zero.exposedBytes, ikm: psk)
            let input = try mapError(.proposalInvalidPSK, "psk derivation") {
                try provider.expandWithLabel(extracted, label: "derived psk", context: label.bytes, length: provider.hashLength)
            }
            secret = provider.extract(salt: input.exposedBytes, ikm: secret)
        }
        return secret
    }
}
