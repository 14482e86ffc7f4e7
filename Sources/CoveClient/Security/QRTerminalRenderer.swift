/// Draws a ``QRCode`` in a terminal with Unicode half blocks: each character cell shows two
/// modules stacked vertically (`▀` upper, `▄` lower, `█` both, space neither), so the symbol
/// keeps its square shape in the usual 1:2 character cells.
///
/// Scanners need dark modules on a light background with a light quiet zone, but a terminal's
/// own colours are unknown. Three styles:
/// - ``Style/ansi`` (default): sets black-on-white colours (SGR 30;47, reset at the end of each
///   line), so the code reads correctly on dark and light terminals alike. Needs a terminal
///   that honours ANSI colours (all common ones do).
/// - ``Style/lightBackground``: no escape codes; the blocks draw the dark modules. For light
///   terminals, files and pipes.
/// - ``Style/darkBackground``: no escape codes; the blocks draw the *light* modules and quiet
///   zone in the terminal's light foreground colour, so on a dark terminal the code appears
///   with the right polarity.
public struct QRTerminalRenderer: Sendable {
    public enum Style: String, Sendable, CaseIterable {
        case ansi
        case lightBackground = "light"
        case darkBackground = "dark"
    }

    public var style: Style
    /// Light modules around the symbol; the standard requires 4.
    public var quietZone: Int

    public init(style: Style = .ansi, quietZone: Int = 4) {
        self.style = style
        self.quietZone = max(0, quietZone)
    }

    /// The rendered code, one string per terminal line, without trailing newlines.
    public func lines(_ code: QRCode) -> [String] {
        let side = code.size + 2 * quietZone
        // Whether the module at (x, y) of the padded picture gets ink.
        func ink(_ x: Int, _ y: Int) -> Bool {
            // The half row below an odd-height picture is outside it: terminal background.
            guard y < side else { return false }
            let dark = code.isDark(x: x - quietZone, y: y - quietZone)
            return style == .darkBackground ? !dark : dark
        }
        var out: [String] = []
        for y in stride(from: 0, to: side, by: 2) {
            var line = style == .ansi ? "\u{1B}[30;47m" : ""
            for x in 0..<side {
                switch (ink(x, y), ink(x, y + 1)) {
                case (true, true): line += "█"
                case (true, false): line += "▀"
                case (false, true): line += "▄"
                case (false, false): line += " "
                }
            }
            if style == .ansi { line += "\u{1B}[0m" }
            out.append(line)
        }
        return out
    }

    /// ``lines(_:)`` joined with newlines, with a final newline.
    public func render(_ code: QRCode) -> String {
        lines(code).joined(separator: "\n") + "\n"
    }
}
