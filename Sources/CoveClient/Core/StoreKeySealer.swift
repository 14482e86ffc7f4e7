/// The store key (Security/StoreKey) as the SDK's sealer.
struct StoreKeySealer: KeySealer {
    let key: StoreKey

    func seal(_ plaintext: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        try key.seal(plaintext, associatedData: associatedData)
    }

    func open(_ sealed: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        try key.open(sealed, associatedData: associatedData)
    }
}
