import Foundation

/// Draws the chat: message lines scroll above a prompt line that holds what the user is typing.
/// Without a terminal (stdin is a pipe) it just prints message lines.
actor ChatScreen {
    static let prompt = "> "

    private let interactive: Bool
    private var input = ""

    init(interactive: Bool) {
        self.interactive = interactive
    }

    /// Prints a message line above the input line, then redraws the input line.
    func show(_ line: String) {
        if interactive {
            // CR + erase line: overwrite the prompt, print the message, draw the prompt again below it.
            write("\r\u{1B}[K" + line + "\n" + Self.prompt + input)
        } else {
            write(line + "\n")
        }
    }

    /// Redraws the input line after an edit.
    func redraw(input: String) {
        self.input = input
        guard interactive else { return }
        write("\r\u{1B}[K" + Self.prompt + EventFormatter.sanitized(input))
    }

    /// Leaves the cursor on a fresh line (on quit).
    func finish() {
        if interactive { write("\r\u{1B}[K") }
    }

    private func write(_ text: String) {
        Output.write(text, to: FileHandle.standardOutput)
    }
}
