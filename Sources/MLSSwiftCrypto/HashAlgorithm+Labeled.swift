import MLSCrypto

/// RFC 9180 §4: the labeled KDF functions, parameterised by the `suite_id` of the caller (a
/// KEM's "KEM" || kem_id or the HPKE context's "HPKE" || kem_id || kdf_id || aead_id).
extension HashAlgorithm {
    private static let hpkeVersionLabel = Array("HPKE-v1".utf8)

    /// `LabeledExtract(salt, label, ikm) = Extract(salt, "HPKE-v1" || suite_id || label || ikm)`.
    func labeledExtract(suiteID: [UInt8], salt: [UInt8], label: String, ikm: SecretBytes) -> SecretBytes {
        var labeledIKM = Self.hpkeVersionLabel + suiteID + Array(label.utf8)
        ikm.withUnsafeBytes { labeledIKM.append(contentsOf: $0) }
        defer { labeledIKM.wipe() }
        return extract(salt: salt, ikm: SecretBytes(labeledIKM))
    }

    /// `LabeledExpand(prk, label, info, L) = Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id ||
    /// label || info, L)`. Throws `invalidLength` for L > 65535 or L > 255 * Nh.
    func labeledExpand(suiteID: [UInt8], prk: SecretBytes, label: String, info: [UInt8], length: Int) throws(CryptoError) -> SecretBytes {
        guard length >= 0, length <= Int(UInt16.max) else { throw CryptoError(.invalidLength, "LabeledExpand length") }
        let labeledInfo = [UInt8(length >> 8), UInt8(length & 0xff)] + Self.hpkeVersionLabel + suiteID + Array(label.utf8) + info
        return try expand(prk: prk, info: labeledInfo, length: length)
    }
}

/// I2OSP(value, 2).
func i2osp2(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xff)] }
