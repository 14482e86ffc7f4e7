import ArgumentParser

/// `cove init --server URL --user NAME [--device NAME] [--registration-token T] [--passphrase-file F | --key-file]`
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create this device's identity in the home directory and register it on a server.",
        discussion: """
            The store's key is protected by a passphrase (from --passphrase-file, COVE_PASSPHRASE, or a prompt on
            a terminal) or kept in a 0600 key file (--key-file, or when stdin is not a terminal and no passphrase
            is given).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The server's base URL.", valueName: "url"))
    var server: String

    @Option(help: ArgumentHelp("Your user name (a-z 0-9 . _ -).", valueName: "name"))
    var user: String

    @Option(help: ArgumentHelp("A name for this device (default: the host name).", valueName: "name"))
    var device: String?

    @Option(name: .customLong("registration-token"),
            help: ArgumentHelp("The server's registration token, if it requires one.", valueName: "token"))
    var registrationToken: String?

    @Flag(name: .customLong("key-file"), help: "Keep the store's key in a 0600 key file instead of a passphrase.")
    var keyFile = false

    func run() async throws {
        let server = try InputValidation.serverURL(self.server)
        let user = try InputValidation.username(self.user)
        let device = try InputValidation.displayName(self.device ?? InputValidation.defaultDeviceName, what: "device")
        let source = PassphraseSource(file: global.passphraseFile)
        let passphrase = try source.forInit(keyFile: keyFile)
        let identity = try await Session.initialize(
            home: global.homeDirectory, server: server, user: user, device: device,
            registrationToken: registrationToken, passphrase: passphrase)
        global.output.emit(
            human: "Registered \(identity.user) (device \(identity.deviceName), id \(identity.deviceId)) on \(identity.server); "
                + "store key protected by \(identity.protection == "passphrase" ? "a passphrase" : "a key file") in \(global.homeDirectory)",
            json: .object([
                ("type", .string("init")), ("user", .string(identity.user)), ("device", .string(identity.deviceId)),
                ("device_name", .string(identity.deviceName)), ("server", .string(identity.server)),
                ("protection", .string(identity.protection)), ("home", .string(global.homeDirectory)),
                ("log_fingerprint", identity.logFingerprint.map(JSONValue.string) ?? .null),
            ]))
        if let fingerprint = identity.logFingerprint {  // key transparency (docs/transparency.md)
            global.output.human("Transparency log key pinned: \(fingerprint) (compare it with the one your server's operator publishes)")
        }
    }
}
