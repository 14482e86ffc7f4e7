import ArgumentParser

/// `cove devices revoke DEVICE`
struct DevicesRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke one of your devices (by id or name): it is removed from your conversations.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The device's id or name (see 'cove devices list').")
    var device: String

    func run() async throws {
        let revoked = try await withSession(global) { try await $0.revokeDevice(device) }
        global.output.emit(
            human: "Revoked device \(revoked.name) (id \(revoked.id))",
            json: DevicesCommand.json(revoked))
    }
}
