import CoveProtocol

extension CoveClient {
    /// Whether the server's directory knows `user` (an account with at least one active device).
    ///
    /// Lets a caller refuse an unknown name before starting anything (the CLI's `chat` does). Throws
    /// ``CoveClientError`` when the server cannot be asked (down, not a Cove server, device revoked).
    public func userExists(_ user: String) async throws -> Bool {
        do {
            _ = try await locked { try await self.directoryDevices(of: user) }
            return true
        } catch let error as CoveClientError where error.code == .unknownUser {
            return false
        }
    }
}
