import ArgumentParser

/// `cove devices approve CODE`: run on an existing device to admit a new one.
struct DevicesApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a new device by the code it shows; it joins your conversations.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The 12-digit code the new device shows (spaces optional).")
    var code: [String]

    func run() async throws {
        let code = try Self.normalized(code.joined())
        let device = try await withSession(global) { try await $0.approveDevice(code: code) }
        global.output.emit(
            human: "Approved device \(device.name) (id \(device.id)); it now receives your conversations",
            json: DevicesCommand.json(device))
    }

    /// `482 117 903 250`, `482117903250` or `482-117-903-250` -> `482 117 903 250`.
    static func normalized(_ text: String) throws -> String {
        let digits = text.filter { $0 != " " && $0 != "-" }
        guard digits.count == 12, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw CLIError.usage("'\(text)' is not a link code",
                                 hint: "type the 12 digits the new device shows, e.g. cove devices approve 482117903250")
        }
        var groups: [String] = []
        var rest = Substring(digits)
        while !rest.isEmpty {
            groups.append(String(rest.prefix(3)))
            rest = rest.dropFirst(3)
        }
        return groups.joined(separator: " ")
    }
}
