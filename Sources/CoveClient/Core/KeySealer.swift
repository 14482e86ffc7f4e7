/// Seals key material for the store with the store key (AEAD, associated data binding each
/// sealed value to where it is stored, so rows cannot be swapped).
protocol KeySealer: Sendable {
    func seal(_ plaintext: [UInt8], associatedData: [UInt8]) throws -> [UInt8]
    func open(_ sealed: [UInt8], associatedData: [UInt8]) throws -> [UInt8]
}

/// The associated data of each kind of sealed value.
enum SealContext {
    static func deviceKey() -> [UInt8] { Array("cove-client-v1/device-key".utf8) }
    static func keyPackage(_ ref: [UInt8]) -> [UInt8] { Array("cove-client-v1/key-package/".utf8) + ref }
    static func group(_ id: [UInt8]) -> [UInt8] { Array("cove-client-v1/group/".utf8) + id }
    static func pendingGroup(_ id: [UInt8]) -> [UInt8] { Array("cove-client-v1/pending-group/".utf8) + id }
}
