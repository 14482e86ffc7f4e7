/// A stable, machine-readable error code. Clients switch on `rawValue`; the message is for humans.
///
/// Codes are never renamed or reused; new ones are added. docs/openapi.yaml lists them all.
public struct APIErrorCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    // Request shape (400 unless noted)
    /// The body is not valid JSON.
    public static let malformedJSON = Self("request.malformed_json")
    /// The JSON is valid but a field is missing or has the wrong type.
    public static let invalidField = Self("request.invalid_field")
    /// A binary field is not canonical base64 (or a group id not base64url).
    public static let invalidBase64 = Self("request.invalid_base64")
    /// 413: the body exceeds the endpoint's size limit.
    public static let bodyTooLarge = Self("request.body_too_large")
    /// 404: no such endpoint.
    public static let notFound = Self("request.not_found")
    /// 405: the endpoint exists but not with this method.
    public static let methodNotAllowed = Self("request.method_not_allowed")
    /// 429: too many requests from this device or address; retry later.
    public static let rateLimited = Self("request.rate_limited")

    // Authentication (401) and authorization (403)
    /// 401: no bearer token, or it is unknown or expired: get a new one via /v1/auth.
    public static let unauthenticated = Self("auth.unauthenticated")
    /// 401: the challenge is unknown, expired or already used.
    public static let invalidChallenge = Self("auth.invalid_challenge")
    /// 401: the challenge signature does not verify under the device's key.
    public static let invalidSignature = Self("auth.invalid_signature")
    /// 403: registration requires a valid registration token.
    public static let registrationClosed = Self("auth.registration_closed")
    /// 403: the device may not do this (e.g. it is not a member of the group).
    public static let forbidden = Self("auth.forbidden")

    // Accounts and devices
    /// 409: the user name is taken.
    public static let usernameTaken = Self("account.username_taken")
    /// 400: the user name is not 1-64 of [a-z0-9._-].
    public static let invalidUsername = Self("account.invalid_username")
    /// 404: no such user.
    public static let unknownUser = Self("account.unknown_user")
    /// 404: no such device.
    public static let unknownDevice = Self("device.unknown")
    /// 400: the signature key is not a 32-byte Ed25519 public key.
    public static let invalidSignatureKey = Self("device.invalid_signature_key")
    /// 409: a device with this signature key already exists.
    public static let deviceKeyTaken = Self("device.key_taken")

    /// 404: no such device link (or it was purged).
    public static let unknownDeviceLink = Self("device_link.unknown")
    /// 409: the device link is no longer pending (expired or already approved).
    public static let deviceLinkNotPending = Self("device_link.not_pending")
    /// 409: the account has too many pending device links.
    public static let tooManyDeviceLinks = Self("device_link.too_many")

    // Key directory
    /// 400: a KeyPackage does not parse as an MLS KeyPackage.
    public static let invalidKeyPackage = Self("keys.invalid_key_package")
    /// 404: the device has no KeyPackage left (not even a last-resort one).
    public static let noKeyPackage = Self("keys.exhausted")
    /// 409: the device already holds the maximum number of KeyPackages.
    public static let tooManyKeyPackages = Self("keys.too_many")
    /// 400: a KeyPackage's credential is not the uploading device's `username/deviceId`, or its
    /// leaf signature key is not the device's key.
    public static let keyPackageCredentialMismatch = Self("keys.credential_mismatch")

    // Delivery
    /// 400: the bytes are not a valid MLSMessage of the expected kind.
    public static let invalidMLSMessage = Self("mls.invalid_message")
    /// 400: the MLS message's group id differs from the group in the URL.
    public static let groupMismatch = Self("mls.group_mismatch")
    /// 404: no such group (or the device cannot see it).
    public static let unknownGroup = Self("group.unknown")
    /// 409: the group already exists.
    public static let groupExists = Self("group.exists")
    /// 409: a commit for this epoch was already accepted; fetch the queue, merge, then retry
    /// on top of `currentEpoch` (carried in the error details).
    public static let epochConflict = Self("group.epoch_conflict")
    /// 400: the message's epoch is ahead of the group's.
    public static let epochAhead = Self("group.epoch_ahead")
    /// 404: the group has no stored GroupInfo yet.
    public static let noGroupInfo = Self("group.no_group_info")
    /// 400: a commit's Add/Remove proposals do not match `addedDeviceIds`/`removedDeviceIds`, or
    /// an added device's KeyPackage does not carry its directory key.
    public static let commitMembershipMismatch = Self("commit.membership_mismatch")
    /// 400: the commit references a proposal (by ProposalRef) that the server did not accept
    /// as a PublicMessage in this epoch. Send proposals to /messages as PublicMessages, or commit
    /// them by value.
    public static let commitUnknownProposal = Self("commit.unknown_proposal")
    /// 409: the client message id was already used for a different message.
    public static let clientMessageIDReused = Self("delivery.client_message_id_reused")

    // Blobs
    /// 404: no such blob.
    public static let unknownBlob = Self("blob.unknown")
    /// 409: the chunk is out of order, or the blob is already complete / not yet complete.
    public static let blobState = Self("blob.state")
    /// 413: the blob would exceed its declared size, the size limit or the account quota.
    public static let blobTooLarge = Self("blob.too_large")

    // Server
    /// 500: an unexpected server error (details are in the server log, never in the response).
    public static let internalError = Self("server.internal")
    /// 503: the server is shutting down or its storage is unavailable.
    public static let unavailable = Self("server.unavailable")
}
