import Crypto
import Foundation

/// Placeholder store key until Security/KeyProtection lands: a random 256-bit key in a 0600 file,
/// AES-256-GCM with associated data.
struct InterimStoreKey: KeySealer {
    private let key: SymmetricKey

    static let fileName = "interim-store.key"

    static func create(home: String) throws -> InterimStoreKey {
        let path = (home as NSString).appendingPathComponent(fileName)
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw CoveClientError(.storeUnavailable, "cannot write the store key", hint: "check that the home directory is writable")
        }
        return InterimStoreKey(key: key)
    }

    static func unlock(home: String) throws -> InterimStoreKey {
        let path = (home as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path), data.count == 32 else {
            throw CoveClientError(.locked, "cannot read the store key", hint: "the home directory may be damaged")
        }
        return InterimStoreKey(key: SymmetricKey(data: data))
    }

    func seal(_ plaintext: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        guard let combined = try AES.GCM.seal(plaintext, using: key, authenticating: associatedData).combined else {
            throw CoveClientError(.corruptStore, "cannot seal key material")
        }
        return Array(combined)
    }

    func open(_ sealed: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        do {
            return Array(try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key, authenticating: associatedData))
        } catch {
            throw CoveClientError(.corruptStore, "sealed key material in the store does not open", hint: "the store may be damaged")
        }
    }
}
