/// A file of a shared folder, as listed by ``CoveClient/folderFiles(_:)``.
public struct FolderFile: Sendable, Hashable {
    public var name: String
    /// Every version kept, oldest first; the last is the current one.
    public var versions: [FolderFileVersion]
    /// The current version.
    public var latest: FolderFileVersion? { versions.last }
}

/// One version of a folder file (never the key: that stays inside the SDK).
public struct FolderFileVersion: Sendable, Hashable {
    public var name: String
    public var version: Int
    /// Plaintext bytes.
    public var size: Int64
    /// Hex SHA-256 of the plaintext (checked after every download).
    public var sha256: String
    /// The user who put it, and their device.
    public var by: String
    public var device: String
    /// Unix milliseconds, as the putter claimed.
    public var putAt: Int64

    init(name: String, _ record: FolderVersionRecord) {
        self.name = name
        version = record.version
        size = record.file.size
        sha256 = record.file.sha256
        by = record.by
        device = record.device
        putAt = record.at
    }
}

/// What ``CoveClient/rekeyFolder(_:workDirectory:options:progress:)`` did.
public struct FolderRekeyReport: Sendable, Hashable {
    /// Versions re-encrypted and announced by this run (including ones an interrupted run began).
    public var rekeyed: Int
    /// Versions of the folder now (all under fresh keys).
    public var total: Int
}
