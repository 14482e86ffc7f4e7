extension CoveClientError.Code {
    /// No shared folder with that name (or id) on this device.
    public static let unknownFolder = Self("folder.unknown")
    /// The folder has no file of that name.
    public static let unknownFolderFile = Self("folder.unknown_file")
    /// The file has no such version.
    public static let unknownFolderVersion = Self("folder.unknown_version")
    /// A folder entry (a name given locally, or a manifest change received) breaks the rules of
    /// docs/folders.md: bad name, unknown version, malformed reference.
    public static let invalidFolderEntry = Self("folder.invalid_entry")
    /// This device was removed from the folder and the version it asks for is no longer readable
    /// with what it kept (the members rekeyed or removed it since).
    public static let removedFromFolder = Self("folder.removed")
}
