/// Checks on a decrypted GroupSecrets (RFC 9420 §12.4.3.1).
extension GroupSecrets {
    /// "If a PreSharedKeyID has type `resumption` with usage `reinit` or `branch`, verify
    /// that it is the only such PSK."
    ///
    /// - Throws: ``MLSError/Code/multipleReInitOrBranchPSKs``.
    public func validatePSKs() throws(MLSError) {
        let count = psks.reduce(0) { count, id in
            if case .resumption(let usage, _, _) = id.psk, usage == .reinit || usage == .branch { return count + 1 }
            return count
        }
        guard count <= 1 else { throw MLSError(.multipleReInitOrBranchPSKs, "\(count) reinit/branch PSKs") }
    }
}
