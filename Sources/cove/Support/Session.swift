import CoveClient
import Foundation

/// The CLI's view of the SDK: opens the `CoveClient` of a home directory and maps its types to the
/// CLI's models. Every command goes through here, so the commands do not depend on the SDK's spelling.
/// (Until the SDK's facade is in this build, the operations that need it report so.)
final class Session: Sendable {
    private init() {}

    /// Fails with a hint to run `init` when the home directory does not exist.
    static func requireHome(_ home: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: home, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw notInitialized(home)
        }
    }

    static func notInitialized(_ home: String) -> CLIError {
        CLIError("cli.not_initialized", "no Cove home at \(home)",
                 hint: "run 'cove --home \(home) init --server URL --user NAME' first")
    }

    static func sdkMissing() -> CLIError {
        CLIError("cli.sdk_unavailable", "this build of cove cannot do that yet (the client SDK is not in it)",
                 hint: "update to a build that includes the client SDK")
    }

    static func initialize(home: String, server: String, user: String, device: String, registrationToken: String?,
                           passphrase: [UInt8]?) async throws -> IdentitySummary { throw sdkMissing() }

    static func link(home: String, server: String, user: String, device: String, passphrase: [UInt8]?,
                     showCode: @Sendable (String, String) -> Void) async throws -> IdentitySummary { throw sdkMissing() }

    static func open(home: String, passphrase source: PassphraseSource) async throws -> Session {
        try requireHome(home)
        throw sdkMissing()
    }

    func identity() async throws -> IdentitySummary { throw Self.sdkMissing() }
    func createGroup(name: String, members: [String]) async throws -> GroupSummary { throw Self.sdkMissing() }
    func addMember(group: String, user: String) async throws { throw Self.sdkMissing() }
    func removeMember(group: String, user: String) async throws { throw Self.sdkMissing() }
    func groups() async throws -> [GroupSummary] { throw Self.sdkMissing() }
    func members(group: String) async throws -> [MemberSummary] { throw Self.sdkMissing() }
    func send(toUser user: String, text: String) async throws -> SentSummary { throw Self.sdkMissing() }
    func send(toGroup group: String, text: String) async throws -> SentSummary { throw Self.sdkMissing() }
    func receive() async throws -> [CLIEvent] { throw Self.sdkMissing() }
    func events() async throws -> AsyncThrowingStream<CLIEvent, any Error> { throw Self.sdkMissing() }
    func devices() async throws -> [DeviceView] { throw Self.sdkMissing() }
    func approveDevice(code: String) async throws -> DeviceView { throw Self.sdkMissing() }
    func revokeDevice(_ device: String) async throws -> DeviceView { throw Self.sdkMissing() }
    func chatTarget(named name: String) async throws -> ChatTarget { throw Self.sdkMissing() }
    func send(to target: ChatTarget, text: String) async throws -> SentSummary {
        target.kind == "direct" ? try await send(toUser: target.name, text: text) : try await send(toGroup: target.name, text: text)
    }
    func close() async {}
}
