import CoveClient

extension CoveClient {
    /// Creates a home directory with a new account whose first device is this one, stored in
    /// `HOME/cove.sqlite` (see ``CoveClient/initialize(home:server:username:deviceName:protection:registrationToken:openStore:)``).
    public static func initialize(home: String, server: String, username: String, deviceName: String = "device",
                                  protection: Protection = .keyFile, registrationToken: String? = nil) async throws -> CoveClient {
        try await initialize(home: home, server: server, username: username, deviceName: deviceName, protection: protection,
                             registrationToken: registrationToken, openStore: { try await SQLiteClientStore.open(path: $0) })
    }

    /// Opens the device in `home` (its `cove.sqlite`). `passphrase` is needed iff it was
    /// initialised with one.
    public static func open(home: String, passphrase: String? = nil) async throws -> CoveClient {
        try await open(home: home, passphrase: passphrase, openStore: { try await SQLiteClientStore.open(path: $0) })
    }
}

extension CoveClient {
    /// Starts linking a new device in `home` to the existing account `username` (see
    /// ``CoveClient/requestLink(home:server:username:deviceName:protection:openStore:)``).
    public static func requestLink(home: String, server: String, username: String, deviceName: String = "device",
                                   protection: Protection = .keyFile) async throws -> CoveClient {
        try await requestLink(home: home, server: server, username: username, deviceName: deviceName, protection: protection,
                              openStore: { try await SQLiteClientStore.open(path: $0) })
    }
}
