import ArgumentParser

/// `cove devices list|link|approve|revoke`
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List, link, approve and revoke your devices.",
        discussion: """
            To add a device: on the NEW device run 'cove --home NEW devices link --server URL --user NAME'; it shows
            a code and waits. On a device you already have, run 'cove devices approve CODE' with that code.
            """,
        subcommands: [DevicesListCommand.self, DevicesLinkCommand.self, DevicesApproveCommand.self, DevicesRevokeCommand.self]
    )

    @OptionGroup var global: GlobalOptions

    static func json(_ device: DeviceView) -> JSONValue {
        .object([("type", .string("device")), ("id", .string(device.id)), ("name", .string(device.name)),
                 ("current", .bool(device.current)), ("revoked", .bool(device.revoked)),
                 ("fingerprint", device.fingerprint.map(JSONValue.string) ?? .null)])
    }
}

/// `cove devices list`
struct DevicesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List your account's devices.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let devices = try await withSession(global) { try await $0.devices() }
        for device in devices {
            let marks = [device.current ? "this device" : nil, device.revoked ? "revoked" : nil].compactMap { $0 }
            global.output.emit(
                human: "\(device.id)\t\(device.name)" + (marks.isEmpty ? "" : "\t(\(marks.joined(separator: ", ")))"),
                json: DevicesCommand.json(device))
        }
    }
}
