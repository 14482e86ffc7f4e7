/// Why a store operation refused. Each case maps to one API error code.
public enum StoreError: Error, Hashable, Sendable {
    case usernameTaken
    case deviceKeyTaken
    case unknownDevice(String)
    case tooManyKeyPackages
    case groupExists
    case unknownGroup
    case notMember
    case epochConflict(current: UInt64)
    case epochAhead(current: UInt64)
    case clientMessageIDReused
    case unknownBlob
    case blobState(String)
    case blobTooLarge
    case unknownDeviceLink
    case deviceLinkNotPending
    case tooManyDeviceLinks
    /// Data in the database does not have the expected shape (a bug or a broken database).
    case corrupt(String)
}
