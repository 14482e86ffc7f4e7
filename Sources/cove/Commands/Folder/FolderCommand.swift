import ArgumentParser

/// `cove folder create|list|put|ls|get|rm|rekey|add|remove`
struct FolderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folder",
        abstract: "Shared folders: files only their members can read, with every version kept.",
        discussion: """
            A folder is an encrypted group: its file list and the files' keys travel only inside it,
            the server stores ciphertext. Removing a member hides files put afterwards from them;
            'folder rekey' re-encrypts the existing files too. 'group add/remove' work on folders as well.
            """,
        subcommands: [
            FolderCreateCommand.self, FolderListCommand.self, FolderPutCommand.self, FolderLsCommand.self,
            FolderGetCommand.self, FolderRmCommand.self, FolderRekeyCommand.self, FolderAddCommand.self,
            FolderRemoveCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions
}

extension FolderCommand {
    /// `{"type":"folder","id","name","members","active"}`
    static func json(_ folder: GroupSummary) -> JSONValue {
        .object([("type", .string("folder")), ("id", .string(folder.id)), ("name", .string(folder.name)),
                 ("members", .array(folder.members.map(JSONValue.string))), ("active", .bool(folder.active))])
    }

    /// `{"type":TYPE,"folder","name","version","size","sha256","by","put_at"}`
    static func json(_ version: FolderVersionView, folder: String, type: String) -> JSONValue {
        .object([("type", .string(type)), ("folder", .string(folder)), ("name", .string(version.name))] + version.json)
    }

    /// A file name given on the command line: one path component (the SDK checks the rest).
    static func fileName(_ text: String) throws -> String {
        guard !text.isEmpty, !text.contains("/") else {
            throw CLIError.usage("'\(text)' is not a file name in a folder", hint: "folders are flat: give a name without '/'")
        }
        return text
    }
}
