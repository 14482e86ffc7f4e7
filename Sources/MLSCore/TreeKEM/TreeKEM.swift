import MLSCrypto

/// The key derivations of TreeKEM (RFC 9420 §7.4).
public enum TreeKEM {
    /// The EncryptWithLabel label of path secrets in an UpdatePath (RFC 9420 §7.6).
    public static let updatePathNodeLabel = "UpdatePathNode"

    /// `path_secret[n] = DeriveSecret(path_secret[n-1], "path")`; also gives the commit secret
    /// from the root's path secret (§8).
    public static func nextPathSecret(_ pathSecret: SecretBytes, _ provider: any CipherSuiteProvider) throws(MLSError) -> SecretBytes {
        do { return try provider.deriveSecret(pathSecret, label: "path") } catch {
            throw MLSError(.treeCryptoFailure, "DeriveSecret path: \(error.code)")
        }
    }

    /// `node_priv, node_pub = KEM.DeriveKeyPair(DeriveSecret(path_secret, "node"))`.
    public static func nodeKeyPair(pathSecret: SecretBytes, _ provider: any CipherSuiteProvider) throws(MLSError) -> KeyPair {
        do {
            let nodeSecret = try provider.deriveSecret(pathSecret, label: "node")
            return try provider.deriveKEMKeyPair(ikm: nodeSecret)
        } catch {
            throw MLSError(.treeCryptoFailure, "node key pair: \(error.code)")
        }
    }
}
