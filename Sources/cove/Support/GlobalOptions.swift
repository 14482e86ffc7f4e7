import ArgumentParser
import Foundation

/// Options every command accepts, before or after the subcommand name
/// (`cove --home DIR group list` and `cove group list --home DIR` are the same).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The directory holding this device's identity and store.", valueName: "dir"),
            completion: .directory)
    var home: String?

    @Flag(name: .long, help: "Machine output: one JSON object per line.")
    var json = false

    @Option(name: .customLong("passphrase-file"),
            help: ArgumentHelp("Read the store's passphrase from this file (first line); COVE_PASSPHRASE works too.",
                               valueName: "file"),
            completion: .file())
    var passphraseFile: String?

    /// The home directory as an absolute path: `--home`, else `COVE_HOME`, else `~/.cove`.
    var homeDirectory: String {
        if let home { return Self.expandingTilde(home) }
        if let env = ProcessInfo.processInfo.environment["COVE_HOME"], !env.isEmpty { return Self.expandingTilde(env) }
        return Self.expandingTilde("~/.cove")
    }

    /// The output style the options ask for.
    var output: Output { Output(json: json) }

    static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else {
            return URL(fileURLWithPath: path).standardizedFileURL.path
        }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        return URL(fileURLWithPath: home + path.dropFirst()).standardizedFileURL.path
    }
}
