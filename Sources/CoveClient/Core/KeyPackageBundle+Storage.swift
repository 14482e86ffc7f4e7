import MLS

extension KeyPackageBundle {
    /// Plaintext form for sealing: KeyPackage, init private key, leaf private key (each opaque<V>).
    /// The signing identity is not stored: it is the device's, restored on load.
    var storageBytes: [UInt8] {
        var writer = MLSWriter()
        writer.writeOpaque(keyPackage.mlsEncoded)
        writer.writeOpaque(initPrivateKey.exposedBytes)
        writer.writeOpaque(encryptionPrivateKey.exposedBytes)
        return writer.bytes
    }

    init(storageBytes bytes: [UInt8], signer: SigningIdentity) throws {
        var reader = MLSReader(bytes)
        let keyPackage = try KeyPackage(mlsEncoded: try reader.readOpaque())
        let initKey = SecretBytes(try reader.readOpaque())
        let leafKey = SecretBytes(try reader.readOpaque())
        try reader.finish("key package bundle")
        self.init(keyPackage: keyPackage, initPrivateKey: initKey, encryptionPrivateKey: leafKey, signingIdentity: signer)
    }
}
