import CoveProtocol

extension CoveClientError.Code {
    /// The home directory holds no Cove identity yet.
    public static let notInitialized = Self("client.not_initialized")
    /// The home directory already holds an identity.
    public static let alreadyInitialized = Self("client.already_initialized")
    /// The local store cannot be opened or written.
    public static let storeUnavailable = Self("client.store_unavailable")
    /// The store key cannot be unlocked (wrong passphrase, missing or damaged key file).
    public static let locked = Self("client.locked")
    /// Sealed key material in the store does not open (damaged or tampered with).
    public static let corruptStore = Self("client.corrupt_store")
    /// The server URL is not a valid http(s) URL.
    public static let invalidServerURL = Self("client.invalid_server_url")
    /// Nothing answers at the server URL (down, wrong host or port).
    public static let serverUnreachable = Self("server.unreachable")
    /// Something answers at the URL but it is not a Cove server.
    public static let notACoveServer = Self("server.not_cove")
    /// The server answered with an error this SDK does not handle (code in the message).
    public static let serverError = Self("server.error")
    /// No such user on the server.
    public static let unknownUser = Self("user.unknown")
    /// No such conversation (group name or id) on this device.
    public static let unknownConversation = Self("conversation.unknown")
    /// More than one conversation has this name.
    public static let ambiguousConversation = Self("conversation.ambiguous")
    /// This device is no longer a member of the conversation.
    public static let notAMember = Self("conversation.not_member")
    /// The user is already a member (or not one, for a removal).
    public static let membership = Self("conversation.membership")
    /// A user's device cannot be added (no KeyPackage, or a KeyPackage that does not match the directory).
    public static let keyPackageRejected = Self("keys.rejected")
    /// The user name is taken.
    public static let usernameTaken = Self("account.username_taken")
    /// Registration needs a token.
    public static let registrationClosed = Self("account.registration_closed")
    /// This device has been revoked, or the server no longer knows it.
    public static let deviceRevoked = Self("device.revoked")
    /// No pending device link matches the code.
    public static let unknownLink = Self("link.unknown")
    /// The device link has not been approved (yet), or it expired.
    public static let linkPending = Self("link.pending")
    /// A commit kept losing the race for its epoch.
    public static let conflict = Self("group.conflict")
    /// The input is not valid (empty text, bad name...).
    public static let invalidInput = Self("client.invalid_input")
    /// An MLS operation failed locally.
    public static let mls = Self("client.mls")
}

extension CoveClientError {
    /// Maps an error body of the server to an SDK error with a hint.
    static func from(api body: APIErrorBody, status: Int) -> CoveClientError {
        switch body.code {
        case .unknownUser: return CoveClientError(.unknownUser, "no such user on the server", hint: "check the user name")
        case .usernameTaken: return CoveClientError(.usernameTaken, "the user name is taken", hint: "choose another user name")
        case .registrationClosed:
            return CoveClientError(.registrationClosed, "the server requires a registration token",
                                   hint: "ask the server operator for a registration token")
        case .unauthenticated, .invalidSignature:
            return CoveClientError(.deviceRevoked, "the server does not accept this device",
                                   hint: "the device may have been revoked; link it again from another device")
        case .rateLimited: return CoveClientError(.serverError, "the server is rate-limiting this device", hint: "retry in a few seconds")
        case .unavailable: return CoveClientError(.serverUnreachable, "the server is unavailable", hint: "retry later")
        // The server has no such endpoint: the URL carries a path, or points at the wrong service.
        case .notFound:
            return CoveClientError(.notACoveServer, "no Cove API at this server URL (HTTP \(status))",
                                   hint: "give the base URL cove-server prints, without a path, e.g. http://127.0.0.1:8080")
        default:
            return CoveClientError(.serverError, "server error \(body.code.rawValue) (HTTP \(status))", hint: nil)
        }
    }
}
