import CoveProtocol
import Crypto
import Foundation
import Logging
import MLS

/// A Cove device: its identity, its conversations (MLS groups) and its connection to the server.
///
/// Open one with `CoveClient.initialize(home:...)` / `CoveClient.open(home:...)` (CoveClientSQLite)
/// or, with another store, ``create(store:sealer:server:username:deviceName:registrationToken:)``.
/// Every operation that changes state writes it to the store before it reports success or
/// acknowledges anything to the server, so a client killed at any point resumes where it was:
/// submissions are written to an outbox first and resent on the next open (the server
/// deduplicates them by client message id), received messages are stored before they are acked.
///
/// Conversations are MLS groups of suite 0xF001 whose members are devices; a direct chat is the
/// group of both users' devices. Call ``sync()`` to fetch and process what the server queued, or
/// ``events()`` for a live stream.
public actor CoveClient {
    let store: any ClientStore
    let sealer: any KeySealer
    let api: ServerAPI
    let identity: DeviceIdentity
    let signer: SigningIdentity
    let accountId: String
    let configuration: MLSGroupConfiguration
    let logger: Logger
    let lock = OperationLock()
    var token: String?
    var closed = false
    /// Consumers of ``events()``.
    var liveStreams: [UUID: AsyncThrowingStream<ClientEvent, any Error>.Continuation] = [:]
    /// The home directory, when opened from one (file transfers stage their files in it).
    var homeDirectory: String?

    /// One-time KeyPackages kept on the server; replenished when fewer than ``keyPackageLowWater``.
    static let keyPackageTarget = 20
    static let keyPackageLowWater = 10

    /// The signed-in user.
    public nonisolated var username: String { identity.username }
    /// This device's id in the directory.
    public nonisolated var deviceId: String { identity.deviceId }
    /// The server URL.
    public nonisolated var serverURL: String { api.baseURL }

    init(store: any ClientStore, sealer: any KeySealer, api: ServerAPI, identity: DeviceIdentity, accountId: String) throws {
        self.store = store
        self.sealer = sealer
        self.api = api
        self.identity = identity
        self.accountId = accountId
        self.signer = try identity.signingIdentity()
        self.configuration = MLSGroupConfiguration(
            crypto: SwiftCryptoProvider(), clock: { UInt64(Date().timeIntervalSince1970) }, pastEpochWindow: 5)
        var logger = Logger(label: "cove.client")
        // Problems reach the user as events and errors; the log is for debugging only.
        logger.logLevel = .error
        self.logger = logger
    }

    static var nowMillis: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    // MARK: Creating and opening

    static func register(store: any ClientStore, sealer: any KeySealer, server: String, username: String, deviceName: String,
                         registrationToken: String?) async throws -> CoveClient {
        guard try await store.setting(Settings.deviceId) == nil else {
            throw CoveClientError(.alreadyInitialized, "this home directory already holds a Cove device", hint: "use another --home")
        }
        guard DeviceCredential.isValidUsername(Array(username.utf8)) else {
            throw CoveClientError(.invalidInput, "'\(username)' is not a valid user name", hint: "use 1-64 of a-z 0-9 . _ -")
        }
        let name = deviceName.isEmpty ? "device" : deviceName
        let api = try ServerAPI(url: server)
        let key = Curve25519.Signing.PrivateKey()
        let registered: RegisterResponse
        do {
            registered = try await api.call(.POST, "/v1/accounts", RegisterRequest(
                username: username, device: NewDevice(name: name, signatureKey: Base64Bytes(Array(key.publicKey.rawRepresentation))),
                registrationToken: registrationToken))
        } catch let failure as APIFailure {
            throw failure.clientError
        }
        let identity = DeviceIdentity(username: username, deviceId: registered.deviceId, privateKey: key)
        let client = try CoveClient(store: store, sealer: sealer, api: api, identity: identity, accountId: registered.accountId)
        try await client.saveIdentity(deviceName: name, status: Settings.statusActive)
        try await client.pinTransparencyLog(registered: registered)
        try await client.uploadInitialKeyPackages()
        return client
    }

    /// Opens the device stored in `store`.
    static func load(store: any ClientStore, sealer: any KeySealer) async throws -> CoveClient {
        guard let deviceId = try await store.setting(Settings.deviceId).map(Settings.string),
              let username = try await store.setting(Settings.username).map(Settings.string),
              let server = try await store.setting(Settings.server).map(Settings.string),
              let sealedKey = try await store.setting(Settings.deviceKey) else {
            throw CoveClientError(.notInitialized, "this home directory holds no Cove device", hint: "run `cove init` first")
        }
        let accountId = try await store.setting(Settings.accountId).map(Settings.string) ?? ""
        let keyBytes = try sealer.open(sealedKey, associatedData: SealContext.deviceKey())
        let key: Curve25519.Signing.PrivateKey
        do { key = try Curve25519.Signing.PrivateKey(rawRepresentation: keyBytes) } catch {
            throw CoveClientError(.corruptStore, "the device key in the store is damaged")
        }
        let identity = DeviceIdentity(username: username, deviceId: deviceId, privateKey: key)
        return try CoveClient(store: store, sealer: sealer, api: try ServerAPI(url: server), identity: identity, accountId: accountId)
    }

    func saveIdentity(deviceName: String, status: String, linkId: String? = nil) async throws {
        var batch = StoreBatch([
            .setSetting(key: Settings.server, value: Array(api.baseURL.utf8)),
            .setSetting(key: Settings.username, value: Array(identity.username.utf8)),
            .setSetting(key: Settings.deviceId, value: Array(identity.deviceId.utf8)),
            .setSetting(key: Settings.accountId, value: Array(accountId.utf8)),
            .setSetting(key: Settings.deviceName, value: Array(deviceName.utf8)),
            .setSetting(key: Settings.status, value: Array(status.utf8)),
            .setSetting(key: Settings.deviceKey, value: try sealer.seal(Array(identity.privateKey.rawRepresentation),
                                                                         associatedData: SealContext.deviceKey())),
        ])
        if let linkId { batch.append(.setSetting(key: Settings.linkId, value: Array(linkId.utf8))) }
        try await store.apply(batch)
    }

    /// Sends what the outbox holds (submissions of a client stopped mid-send). Call after opening;
    /// every other operation does it first anyway.
    public func resume() async throws {
        try await locked { try await self.flushOutbox() }
    }

    /// Closes the store. The client must not be used afterwards.
    public func close() async throws {
        guard !closed else { return }
        closed = true
        finishLiveStreams()
        try await store.close()
    }

    /// Runs `body` holding the operation lock.
    func locked<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        guard !closed else { throw CoveClientError(.storeUnavailable, "the client is closed") }
        await lock.lock()
        do {
            let value = try await body()
            await lock.unlock()
            return value
        } catch {
            await lock.unlock()
            throw error
        }
    }
}

/// Keys of the settings table.
enum Settings {
    static let server = "server"
    static let username = "username"
    static let deviceId = "device_id"
    static let accountId = "account_id"
    static let deviceName = "device_name"
    static let deviceKey = "device_key"
    static let status = "status"
    static let linkId = "link_id"
    static let statusActive = "active"
    static let statusLinking = "linking"

    static func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
