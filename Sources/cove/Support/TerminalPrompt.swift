import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a secret from the terminal on stdin with echo turned off (termios), restoring the
/// terminal afterwards even when reading fails.
enum TerminalPrompt {
    /// The typed bytes without the newline, or nil at end of input.
    static func readSecret(prompt: String) throws -> [UInt8]? {
        Output.write(prompt, to: FileHandle.standardError)
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else {
            throw CLIError("cli.terminal", "cannot read a passphrase from this terminal",
                           hint: "set COVE_PASSPHRASE or pass --passphrase-file FILE")
        }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ICANON)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            Output.write("\n", to: FileHandle.standardError)
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(STDIN_FILENO, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return bytes.isEmpty ? nil : bytes }
            if byte == 0x0A || byte == 0x0D { return bytes }
            bytes.append(byte)
            guard bytes.count <= 4096 else {
                bytes.withUnsafeMutableBufferPointer { zero($0) }
                throw CLIError("cli.passphrase_too_long", "the passphrase is longer than 4096 bytes", hint: "choose a shorter passphrase")
            }
        }
    }
}
