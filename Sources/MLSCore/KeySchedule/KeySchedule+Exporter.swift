import MLSCodec
import MLSCrypto

extension KeySchedule {
    /// `MLS-Exporter(Label, Context, Length) = ExpandWithLabel(DeriveSecret(exporter_secret, Label),
    /// "exported", Hash(Context), Length)` (RFC 9420 §8.5).
    ///
    /// Labels are byte strings (the IANA registry of §17.8 names them; interop vectors use
    /// arbitrary bytes). Throws ``MLSError/Code/invalidExporterLength`` when `length` exceeds the
    /// `uint16` length of KDFLabel or what the KDF can expand (255 * Nh).
    public func export(exporterSecret: SecretBytes, label: [UInt8], context: [UInt8], length: Int) throws -> SecretBytes {
        guard length >= 0, length <= Self.maxExportLength(hashLength: provider.hashLength) else {
            throw MLSError(.invalidExporterLength, "MLS-Exporter")
        }
        guard label.count <= MLSLimits.maxIdentifierLength else {
            throw MLSError(.invalidExporterLength, "MLS-Exporter label")
        }
        try checkLength(exporterSecret, "exporter_secret")
        // DeriveSecret(exporter_secret, Label) = ExpandWithLabel(exporter_secret, Label, "", Nh),
        // spelled out because the label need not be UTF-8.
        let derived = try provider.expand(
            prk: exporterSecret, info: Self.kdfLabel(label: label, context: [], length: provider.hashLength),
            length: provider.hashLength)
        return try provider.expandWithLabel(derived, label: "exported", context: provider.hash(context), length: length)
    }

    /// `MLS-Exporter` with a text label.
    public func export(exporterSecret: SecretBytes, label: String, context: [UInt8], length: Int) throws -> SecretBytes {
        try export(exporterSecret: exporterSecret, label: Array(label.utf8), context: context, length: length)
    }

    /// The longest MLS-Exporter output for a hash of `hashLength` bytes: the smaller of the
    /// KDFLabel `uint16` bound and HKDF's 255 * Nh.
    public static func maxExportLength(hashLength: Int) -> Int {
        min(Int(UInt16.max), 255 * hashLength)
    }

    // struct {
    //     uint16 length;
    //     opaque label<V>;
    //     opaque context<V>;
    // } KDFLabel;
    /// KDFLabel with `label = "MLS 1.0 " + Label` for a byte-string Label.
    private static func kdfLabel(label: [UInt8], context: [UInt8], length: Int) -> [UInt8] {
        var writer = MLSWriter()
        writer.write(UInt16(truncatingIfNeeded: length))
        writer.writeOpaque(Array("MLS 1.0 ".utf8) + label)
        writer.writeOpaque(context)
        return writer.bytes
    }
}

extension EpochSecrets {
    /// `MLS-Exporter(label, context, length)` from this epoch's `exporter_secret` (RFC 9420 §8.5).
    public func export(label: [UInt8], context: [UInt8], length: Int, provider: any CipherSuiteProvider) throws -> SecretBytes {
        try KeySchedule(provider: provider).export(exporterSecret: exporterSecret, label: label, context: context, length: length)
    }

    /// `MLS-Exporter` with a text label.
    public func export(label: String, context: [UInt8], length: Int, provider: any CipherSuiteProvider) throws -> SecretBytes {
        try export(label: Array(label.utf8), context: context, length: length, provider: provider)
    }
}
