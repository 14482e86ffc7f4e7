import CoveProtocol
import Foundation

extension CoveClient {
    /// How the store key that seals key material at rest is protected.
    public enum Protection: Sendable {
        /// A random key in a 0600 file in the home directory (no prompt; protects against
        /// copies of the database alone).
        case keyFile
        /// A key derived from this passphrase with scrypt; needed at every open.
        case passphrase(String)
    }

    /// Opens a store at a path (CoveClientSQLite passes `SQLiteClientStore.open(path:)`).
    public typealias StoreOpener = @Sendable (_ path: String) async throws -> any ClientStore

    /// The store's file inside a home directory.
    public static func storePath(home: String) -> String { (home as NSString).appendingPathComponent("cove.sqlite") }

    /// Creates a home directory (mode 0700) with a new account whose first device is this one:
    /// generates the device key, registers it, stores it sealed under a new store key, and uploads
    /// KeyPackages.
    ///
    /// - Throws: ``CoveClientError`` `client.already_initialized`, `server.unreachable`,
    ///   `account.username_taken`, `account.registration_closed`, ...
    public static func initialize(home: String, server: String, username: String, deviceName: String = "device",
                                  protection: Protection = .keyFile, registrationToken: String? = nil,
                                  openStore: StoreOpener) async throws -> CoveClient {
        let (store, sealer) = try await prepareHome(home, protection: protection, openStore: openStore)
        do {
            let client = try await register(store: store, sealer: sealer, server: server, username: username, deviceName: deviceName,
                                            registrationToken: registrationToken)
            await client.attachHome(home)
            return client
        } catch {
            try? await store.close()
            removeHomeFiles(home)
            throw error
        }
    }

    /// Removes what a failed `initialize` or `requestLink` created, so the user can retry.
    static func removeHomeFiles(_ home: String) {
        let path = storePath(home: home)
        for file in [path, path + "-wal", path + "-shm", path + "-journal",
                     (home as NSString).appendingPathComponent(KeyProtection.keyFileName),
                     (home as NSString).appendingPathComponent(KeyProtection.wrappedKeyFileName)] {
            try? FileManager.default.removeItem(atPath: file)
        }
    }

    /// Opens the device in `home`. `passphrase` is needed iff it was initialised with one.
    public static func open(home: String, passphrase: String? = nil, openStore: StoreOpener) async throws -> CoveClient {
        guard FileManager.default.fileExists(atPath: storePath(home: home)) else {
            throw CoveClientError(.notInitialized, "no Cove device in \(home)", hint: "run `cove init` first (or pass the right --home)")
        }
        let sealer = try unlockStoreKey(home: home, passphrase: passphrase)
        let store = try await openStore(storePath(home: home))
        do {
            let client = try await load(store: store, sealer: sealer)
            await client.attachHome(home)
            return client
        } catch {
            try? await store.close()
            throw error
        }
    }

    static func prepareHome(_ home: String, protection: Protection, openStore: StoreOpener) async throws -> (any ClientStore, any KeySealer) {
        if FileManager.default.fileExists(atPath: storePath(home: home)) {
            throw CoveClientError(.alreadyInitialized, "\(home) already holds a Cove device", hint: "use another --home")
        }
        do {
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CoveClientError(.storeUnavailable, "cannot create \(home)", hint: "check the path and permissions")
        }
        let sealer = try createStoreKey(home: home, protection: protection)
        let store = try await openStore(storePath(home: home))
        return (store, sealer)
    }

    /// A new store key for `home` (KeyProtection: scrypt-wrapped by the passphrase, or a 0600 key file).
    static func createStoreKey(home: String, protection: Protection) throws -> any KeySealer {
        let passphrase: String?
        switch protection {
        case .keyFile: passphrase = nil
        case .passphrase(let p): passphrase = p
        }
        return StoreKeySealer(key: try KeyProtection.create(home: URL(fileURLWithPath: home), passphrase: passphrase))
    }

    static func unlockStoreKey(home: String, passphrase: String?) throws -> any KeySealer {
        StoreKeySealer(key: try KeyProtection.unlock(home: URL(fileURLWithPath: home), passphrase: passphrase))
    }

    /// Whether the device in `home` needs a passphrase to open (nil: no device there).
    public static func needsPassphrase(home: String) -> Bool? {
        switch KeyProtection.mode(home: URL(fileURLWithPath: home)) {
        case .passphrase?: return true
        case .keyFile?: return false
        case nil: return nil
        }
    }
}
