import MLSCodec
import MLSCrypto

extension KeyPackage {
    /// The signature label of a key package (RFC 9420 §10).
    public static let signatureLabel = "KeyPackageTBS"
    /// The RefHash label of a key package reference (RFC 9420 §5.2).
    public static let referenceLabel = "MLS 1.0 KeyPackage Reference"

    // struct {
    //     ProtocolVersion version;
    //     CipherSuite cipher_suite;
    //     HPKEPublicKey init_key;
    //     LeafNode leaf_node;
    //     Extension extensions<V>;
    // } KeyPackageTBS;
    /// The encoded `KeyPackageTBS`, the content of the key package's signature.
    public var toBeSigned: [UInt8] {
        var writer = MLSWriter(reservingCapacity: 512)
        encodeContent(to: &writer)
        return writer.bytes
    }

    // opaque HashReference<V>;
    // HashReference KeyPackageRef;
    // MakeKeyPackageRef(value) = RefHash("MLS 1.0 KeyPackage Reference", value)
    /// `KeyPackageRef` (RFC 9420 §5.2): RefHash over the encoded KeyPackage.
    public func reference(_ provider: any CipherSuiteProvider) -> [UInt8] {
        provider.refHash(label: Self.referenceLabel, value: mlsEncoded)
    }
}
