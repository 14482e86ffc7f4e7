import MLS

/// `crypto-basics.json`: the labeled primitives of RFC 9420 §5.
struct CryptoBasicsVectors: VectorFamily {
    let name = "crypto-basics"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("ref_hash") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        guard let rawSuite = UInt16(exactly: try entry.int("cipher_suite")) else { throw VectorFailure("cipher_suite out of range") }
        let suite = CipherSuite(rawValue: rawSuite)
        let p = try context.crypto.provider(for: suite)

        // RefHash(label, value)
        let refHash = try entry.entry("ref_hash")
        try VectorEntry.expectEqual(
            p.refHash(label: try refHash.string("label"), value: try refHash.hex("value")),
            try refHash.hex("out"), "ref_hash.out")

        // ExpandWithLabel(secret, label, context, length)
        let expand = try entry.entry("expand_with_label")
        try VectorEntry.expectEqual(
            try p.expandWithLabel(SecretBytes(try expand.hex("secret")), label: try expand.string("label"),
                                  context: try expand.hex("context"), length: try expand.int("length")),
            SecretBytes(try expand.hex("out")), "expand_with_label.out")

        // DeriveSecret(secret, label)
        let derive = try entry.entry("derive_secret")
        try VectorEntry.expectEqual(
            try p.deriveSecret(SecretBytes(try derive.hex("secret")), label: try derive.string("label")),
            SecretBytes(try derive.hex("out")), "derive_secret.out")

        // DeriveTreeSecret(secret, label, generation, length)
        let tree = try entry.entry("derive_tree_secret")
        guard let generation = UInt32(exactly: try tree.uint64("generation")) else { throw VectorFailure("generation out of range") }
        try VectorEntry.expectEqual(
            try p.deriveTreeSecret(SecretBytes(try tree.hex("secret")), label: try tree.string("label"),
                                   generation: generation, length: try tree.int("length")),
            SecretBytes(try tree.hex("out")), "derive_tree_secret.out")

        // SignWithLabel / VerifyWithLabel: the given signature verifies, a fresh one verifies,
        // and the private key matches the public key.
        let sign = try entry.entry("sign_with_label")
        let signPriv = SecretBytes(try sign.hex("priv"))
        let signPub = try sign.hex("pub")
        let label = try sign.string("label")
        let content = try sign.hex("content")
        try VectorEntry.expectEqual(try p.signaturePublicKey(privateKey: signPriv), signPub, "sign_with_label.pub")
        try VectorEntry.expectEqual(
            p.verifyWithLabel(publicKey: signPub, label: label, content: content, signature: try sign.hex("signature")),
            true, "sign_with_label: given signature verifies")
        let fresh = try p.signWithLabel(privateKey: signPriv, label: label, content: content)
        try VectorEntry.expectEqual(p.verifyWithLabel(publicKey: signPub, label: label, content: content, signature: fresh),
                                    true, "sign_with_label: own signature verifies")
        try VectorEntry.expectEqual(p.verifyWithLabel(publicKey: signPub, label: label + "x", content: content, signature: fresh),
                                    false, "sign_with_label: signature bound to its label")

        // EncryptWithLabel / DecryptWithLabel: decrypt the given ciphertext, round-trip our own.
        let enc = try entry.entry("encrypt_with_label")
        let encPriv = SecretBytes(try enc.hex("priv"))
        let encPub = try enc.hex("pub")
        let encLabel = try enc.string("label")
        let encContext = try enc.hex("context")
        let plaintext = try enc.hex("plaintext")
        try VectorEntry.expectEqual(try p.kemPublicKey(privateKey: encPriv), encPub, "encrypt_with_label.pub")
        let given = HPKECiphertext(kemOutput: try enc.hex("kem_output"), ciphertext: try enc.hex("ciphertext"))
        try VectorEntry.expectEqual(
            try p.decryptWithLabel(privateKey: encPriv, label: encLabel, context: encContext, ciphertext: given),
            plaintext, "encrypt_with_label: decrypt given ciphertext")
        let own = try p.encryptWithLabel(publicKey: encPub, label: encLabel, context: encContext, plaintext: plaintext)
        try VectorEntry.expectEqual(
            try p.decryptWithLabel(privateKey: encPriv, label: encLabel, context: encContext, ciphertext: own),
            plaintext, "encrypt_with_label: round trip")
    }
}
