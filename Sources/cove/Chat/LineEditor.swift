/// The chat's input line, edited byte by byte in raw terminal mode so incoming messages can be
/// printed above it without destroying what the user is typing.
///
/// Understands printable UTF-8, Backspace (DEL/BS), Ctrl-U (clear), Ctrl-W (delete word), Enter, Ctrl-C and
/// Ctrl-D (on an empty line); escape sequences (arrow keys) are swallowed.
struct LineEditor: Sendable {
    enum Action: Sendable, Equatable {
        /// The line changed: redraw it.
        case redraw
        /// Enter: the finished line (the editor is empty again).
        case submit(String)
        /// Ctrl-C, or Ctrl-D on an empty line.
        case quit
    }

    static let maxLineBytes = 60 * 1024

    private(set) var bytes: [UInt8] = []
    private var escape: EscapeState = .none

    private enum EscapeState: Sendable { case none, escape, csi }

    /// The current line as text (an incomplete UTF-8 sequence at the end is not shown yet).
    var text: String {
        var end = bytes.count
        // Hide a trailing incomplete multi-byte sequence.
        var i = bytes.count - 1, continuation = 0
        while i >= 0, bytes[i] & 0xC0 == 0x80 { continuation += 1; i -= 1 }
        if i >= 0 {
            let lead = bytes[i]
            let needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0
            if needed > continuation { end = i }
        }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    mutating func feed(_ input: [UInt8]) -> [Action] {
        var actions: [Action] = []
        var changed = false
        for byte in input {
            switch escape {
            case .escape:
                escape = byte == UInt8(ascii: "[") || byte == UInt8(ascii: "O") ? .csi : .none
                continue
            case .csi:
                if (0x40...0x7E).contains(byte) { escape = .none }
                continue
            case .none: break
            }
            switch byte {
            case 0x1B: escape = .escape
            case 0x0D, 0x0A:
                if changed { actions.append(.redraw); changed = false }
                let line = String(decoding: bytes, as: UTF8.self)
                bytes.removeAll()
                actions.append(.submit(line))
            case 0x03:
                actions.append(.quit)
                return actions
            case 0x04:
                if bytes.isEmpty {
                    actions.append(.quit)
                    return actions
                }
            case 0x7F, 0x08:
                removeLastCharacter()
                changed = true
            case 0x15:
                bytes.removeAll()
                changed = true
            case 0x17:
                while let last = bytes.last, last == 0x20 { bytes.removeLast() }
                while let last = bytes.last, last != 0x20 { removeLastCharacter() }
                changed = true
            case 0x09:
                append(0x20)
                changed = true
            default:
                if byte >= 0x20 {
                    append(byte)
                    changed = true
                }
            }
        }
        if changed { actions.append(.redraw) }
        return actions
    }

    private mutating func append(_ byte: UInt8) {
        guard bytes.count < Self.maxLineBytes else { return }
        bytes.append(byte)
    }

    /// Removes the last whole Unicode scalar (all its UTF-8 bytes).
    private mutating func removeLastCharacter() {
        while let last = bytes.popLast(), last & 0xC0 == 0x80 {}
    }
}
