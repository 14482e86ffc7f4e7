import ArgumentParser
import Foundation

/// `cove --home NEW devices link --server URL --user NAME [--device NAME]`: run on the new device.
struct DevicesLinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Make this (new) home a device of an existing account: shows a code, waits for approval.",
        discussion: "Approve on a device you already have with 'cove devices approve CODE'."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The server's base URL.", valueName: "url"))
    var server: String

    @Option(help: ArgumentHelp("Your existing user name.", valueName: "name"))
    var user: String

    @Option(help: ArgumentHelp("A name for this device (default: the host name).", valueName: "name"))
    var device: String?

    @Flag(name: .customLong("key-file"), help: "Keep the store's key in a 0600 key file instead of a passphrase.")
    var keyFile = false

    func run() async throws {
        let server = try InputValidation.serverURL(self.server)
        let user = try InputValidation.username(self.user)
        let device = try InputValidation.displayName(self.device ?? InputValidation.defaultDeviceName, what: "device")
        let passphrase = try PassphraseSource(file: global.passphraseFile).forInit(keyFile: keyFile)
        let output = global.output
        let identity = try await Session.link(
            home: global.homeDirectory, server: server, user: user, device: device, passphrase: passphrase
        ) { code, deviceId in
            output.emit(
                human: "Link code: \(code)\nOn a device of \(user) you already have, run: cove devices approve \(code.replacingOccurrences(of: " ", with: ""))\nWaiting for approval...",
                json: .object([("type", .string("link")), ("code", .string(code)), ("device", .string(deviceId)),
                               ("status", .string("pending"))]))
        }
        output.emit(
            human: "Approved: this is now device \(identity.deviceName) (id \(identity.deviceId)) of \(identity.user)",
            json: .object([("type", .string("link")), ("device", .string(identity.deviceId)), ("status", .string("approved")),
                           ("user", .string(identity.user))]))
    }
}
