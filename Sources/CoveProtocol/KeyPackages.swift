// Key directory: PUT /v1/key-packages, GET /v1/key-packages/count, POST /v1/key-packages/claim.

/// `POST /v1/key-packages`: uploads one-time KeyPackages (each an `MLSMessage` carrying a
/// KeyPackage, TLS-encoded) and optionally replaces the last-resort one.
public struct UploadKeyPackagesRequest: Hashable, Sendable, Codable {
    public var keyPackages: [Base64Bytes]
    public var lastResort: Base64Bytes?
    public init(keyPackages: [Base64Bytes], lastResort: Base64Bytes? = nil) {
        self.keyPackages = keyPackages
        self.lastResort = lastResort
    }
}

public struct KeyPackageCount: Hashable, Sendable, Codable {
    /// One-time KeyPackages not yet claimed.
    public var count: Int
    public var hasLastResort: Bool
    public init(count: Int, hasLastResort: Bool) {
        self.count = count
        self.hasLastResort = hasLastResort
    }
}

/// `POST /v1/key-packages/claim`: one KeyPackage for each listed device. A one-time KeyPackage is
/// handed out exactly once; when none is left the last-resort one is returned (and kept).
public struct ClaimKeyPackagesRequest: Hashable, Sendable, Codable {
    public var deviceIds: [String]
    public init(deviceIds: [String]) { self.deviceIds = deviceIds }
}

public struct ClaimedKeyPackage: Hashable, Sendable, Codable {
    public var deviceId: String
    public var keyPackage: Base64Bytes
    public var lastResort: Bool
    /// The device's key in the transparency log, proven against the answer's `checkpoint`;
    /// the KeyPackage's leaf signature key must equal the entry's.
    public var inclusion: LogInclusion? = nil
    public init(deviceId: String, keyPackage: Base64Bytes, lastResort: Bool) {
        self.deviceId = deviceId
        self.keyPackage = keyPackage
        self.lastResort = lastResort
    }
}

public struct ClaimKeyPackagesResponse: Hashable, Sendable, Codable {
    public var keyPackages: [ClaimedKeyPackage]
    /// TLS-encoded `SignedCheckpoint` every `inclusion` is proven against.
    public var checkpoint: Base64Bytes? = nil
    public init(keyPackages: [ClaimedKeyPackage]) { self.keyPackages = keyPackages }
}
