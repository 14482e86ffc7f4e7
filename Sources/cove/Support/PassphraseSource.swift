import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the store's passphrase comes from, in order: `--passphrase-file`, `COVE_PASSPHRASE`, a prompt
/// with echo off when stdin is a terminal. Never a prompt when stdin is not a terminal: a command
/// run by a script either gets its passphrase from the file or the environment, or fails with a hint
/// (and `init` then protects the store with a 0600 key file instead).
struct PassphraseSource: Sendable {
    var file: String?
    var environmentValue: String?
    var stdinIsTerminal: Bool

    init(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
         stdinIsTerminal: Bool = isatty(STDIN_FILENO) == 1) {
        self.file = file
        self.environmentValue = environment["COVE_PASSPHRASE"]
        self.stdinIsTerminal = stdinIsTerminal
    }

    /// The passphrase from the file or the environment, if either was given (no prompt).
    func nonInteractive() throws -> [UInt8]? {
        if let file {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw CLIError("cli.passphrase_file", "cannot read the passphrase file \(file)",
                               hint: "check the path given to --passphrase-file and that you can read it")
            }
            // The first line; a trailing newline (echo "..." > file) is not part of the passphrase.
            let bytes = [UInt8](data.prefix { $0 != 0x0A && $0 != 0x0D })
            guard !bytes.isEmpty else {
                throw CLIError("cli.passphrase_empty", "the passphrase file \(file) is empty",
                               hint: "write the passphrase on the file's first line")
            }
            return bytes
        }
        if let value = environmentValue, !value.isEmpty { return Array(value.utf8) }
        return nil
    }

    /// At `init`: the passphrase to protect the new store, or nil for a key file.
    /// With `keyFile` (the `--key-file` flag) always nil; on a terminal with nothing else given, asks
    /// twice (an empty answer chooses the key file).
    func forInit(keyFile: Bool) throws -> [UInt8]? {
        if keyFile {
            if file != nil {
                throw CLIError.usage("--key-file and --passphrase-file exclude each other",
                                     hint: "choose one way to protect the store's key")
            }
            return nil
        }
        if let given = try nonInteractive() { return given }
        guard stdinIsTerminal else { return nil }
        Output.diagnostic("The store's key can be protected by a passphrase (asked when a command opens it)")
        Output.diagnostic("or kept in a key file readable only by you (leave the passphrase empty).")
        guard let first = try TerminalPrompt.readSecret(prompt: "Passphrase: "), !first.isEmpty else { return nil }
        var again = try TerminalPrompt.readSecret(prompt: "Passphrase again: ") ?? []
        defer { again.withUnsafeMutableBufferPointer { zero($0) } }
        guard again == first else {
            throw CLIError("cli.passphrase_mismatch", "the two passphrases differ", hint: "run init again and type the same passphrase twice")
        }
        return first
    }

    /// When a command opens a passphrase-protected store.
    func forOpen() throws -> [UInt8] {
        if let given = try nonInteractive() { return given }
        guard stdinIsTerminal else {
            throw CLIError("cli.passphrase_required", "this home's store is protected by a passphrase",
                           hint: "set COVE_PASSPHRASE or pass --passphrase-file FILE (stdin is not a terminal)")
        }
        guard let typed = try TerminalPrompt.readSecret(prompt: "Passphrase: "), !typed.isEmpty else {
            throw CLIError("cli.passphrase_required", "no passphrase given", hint: "type the passphrase chosen at init")
        }
        return typed
    }
}

/// Overwrites a buffer that held a passphrase.
func zero(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
    guard let base = buffer.baseAddress else { return }
    memset(base, 0, buffer.count)
}
