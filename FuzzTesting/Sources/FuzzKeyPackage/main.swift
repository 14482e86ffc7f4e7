import FuzzSupport
import MLS

// Decodes arbitrary bytes as a KeyPackage; anything that decodes must re-encode identically.
// A decoded KeyPackage then goes through what a member does before adding it (RFC 9420 §10.1)
// with the SwiftCryptoProvider: its signature and its leaf node's signature under the leaf's
// signature key, its reference, and an HPKE encryption to its init key. None of it may trap;
// malformed keys and signatures must just fail.
let provider = SwiftCryptoProvider()

runFuzzer { bytes in
    guard let value = try? KeyPackage(mlsEncoded: bytes) else { return }
    requireCanonical(bytes, value.mlsEncoded, "KeyPackage")
    guard let cs = try? provider.provider(for: value.cipherSuite) else { return }

    let signatureKey = value.leafNode.signatureKey
    _ = cs.verifyWithLabel(publicKey: signatureKey, label: KeyPackage.signatureLabel,
                           content: value.toBeSigned, signature: value.signature)
    _ = try? RatchetTree.verifyLeafSignature(value.leafNode, at: LeafIndex(0), groupID: [], cs)
    _ = value.reference(cs)
    // Keys are not checked at decode: encrypting to a malformed one must fail cleanly.
    _ = try? cs.encryptWithLabel(publicKey: value.initKey, label: "Welcome", context: [], plaintext: [1, 2, 3])
    _ = try? cs.hpkeSeal(publicKey: value.leafNode.encryptionKey, info: [], aad: [], plaintext: [])
}
