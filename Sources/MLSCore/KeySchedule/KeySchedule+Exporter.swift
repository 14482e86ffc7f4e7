import MLSCrypto

extension KeySchedule {
    /// `MLS-Exporter(Label, Context, Length) = ExpandWithLabel(DeriveSecret(exporter_secret, Label),
    /// "exported", Hash(Context), Length)` (RFC 9420 §8.5).
    ///
    /// Throws ``MLSError/Code/invalidExporterLength`` when `length` exceeds the `uint16` length
    /// of KDFLabel or what the KDF can expand (255 * Nh).
    public func export(exporterSecret: SecretBytes, label: String, context: [UInt8], length: Int) throws -> SecretBytes {
        guard length >= 0, length <= Self.maxExportLength(hashLength: provider.hashLength) else {
            throw MLSError(.invalidExporterLength, "MLS-Exporter")
        }
        try checkLength(exporterSecret, "exporter_secret")
        let derived = try provider.deriveSecret(exporterSecret, label: label)
        return try provider.expandWithLabel(derived, label: "exported", context: provider.hash(context), length: length)
    }

    /// The longest MLS-Exporter output for a hash of `hashLength` bytes: the smaller of the
    /// KDFLabel `uint16` bound and HKDF's 255 * Nh.
    public static func maxExportLength(hashLength: Int) -> Int {
        min(Int(UInt16.max), 255 * hashLength)
    }
}

extension EpochSecrets {
    /// `MLS-Exporter(label, context, length)` from this epoch's `exporter_secret` (RFC 9420 §8.5).
    public func export(label: String, context: [UInt8], length: Int, provider: any CipherSuiteProvider) throws -> SecretBytes {
        try KeySchedule(provider: provider).export(exporterSecret: exporterSecret, label: label, context: context, length: length)
    }
}
