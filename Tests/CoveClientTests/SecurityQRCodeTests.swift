import Foundation
import Testing
@testable import CoveClient

/// The QR encoder against segno, module by module (SecurityFixtures/make_qr_fixtures.py): all
/// eight masks at versions 1 and 7, automatic version and mask selection, versions up to 40 at
/// levels L and M, and full-capacity symbols.
@Suite struct SecurityQRCodeTests {
    struct Fixtures: Decodable { var generator: String; var cases: [Case] }
    struct Case: Decodable, Sendable {
        var name: String
        var data: String
        var level: String
        var autoVersion: Bool
        var autoMask: Bool
        var version: Int
        var mask: Int
        var rows: [String]
    }

    static let fixtures: [Case] = {
        (try? SecuritySafetyNumberTests.fixture("qr_fixtures", as: Fixtures.self).cases) ?? []
    }()

    @Test func fixturesArePresent() {
        #expect(Self.fixtures.count >= 40)
    }

    @Test(arguments: SecurityQRCodeTests.fixtures.map(\.name))
    func matchesSegno(name: String) throws {
        let item = try #require(Self.fixtures.first { $0.name == name })
        let level: QRCode.ErrorCorrection = item.level == "L" ? .low : .medium
        let code = try QRCode(bytes: SecurityScryptTests.hex(item.data), errorCorrection: level,
                              version: item.autoVersion ? nil : item.version,
                              mask: item.autoMask ? nil : item.mask)
        #expect(code.version == item.version)
        #expect(code.mask == item.mask)
        #expect(code.size == item.rows.count)
        let rows = code.rows.map { row in String(row.map { $0 ? "1" : "0" }) }
        var mismatches = 0
        for (y, (mine, theirs)) in zip(rows, item.rows).enumerated() where mine != theirs {
            mismatches += zip(mine, theirs).filter { $0 != $1 }.count
            if mismatches < 20 { Issue.record("row \(y) differs:\n\(mine)\n\(theirs)") }
        }
        #expect(mismatches == 0)
    }

    @Test func capacityAndVersionSelection() throws {
        #expect(QRCode.byteCapacity(version: 1, errorCorrection: .medium) == 14)
        #expect(QRCode.byteCapacity(version: 1, errorCorrection: .low) == 17)
        #expect(QRCode.byteCapacity(version: 10, errorCorrection: .medium) == 213)
        #expect(QRCode.byteCapacity(version: 40, errorCorrection: .low) == 2953)
        #expect(QRCode.byteCapacity(version: 40, errorCorrection: .medium) == 2331)
        #expect(try QRCode(bytes: [UInt8](repeating: 0x41, count: 14)).version == 1)
        #expect(try QRCode(bytes: [UInt8](repeating: 0x41, count: 15)).version == 2)
    }

    @Test func tooLongForTheLargestVersionThrows() {
        let error = #expect(throws: CoveClientError.self) {
            try QRCode(bytes: [UInt8](repeating: 0, count: 2332), errorCorrection: .medium)
        }
        #expect(error?.code == .qrTooLong)
        #expect(throws: CoveClientError.self) { try QRCode(bytes: [UInt8](repeating: 0, count: 2954), errorCorrection: .low) }
        // And too long for a fixed version.
        let fixed = #expect(throws: CoveClientError.self) {
            try QRCode(bytes: [UInt8](repeating: 0, count: 15), errorCorrection: .medium, version: 1)
        }
        #expect(fixed?.code == .qrTooLong)
    }

    @Test func invalidVersionOrMaskThrows() {
        for version in [0, 41, -1] {
            let error = #expect(throws: CoveClientError.self) { try QRCode(bytes: [1], version: version) }
            #expect(error?.code == .qrInvalidParameters)
        }
        for mask in [-1, 8] {
            let error = #expect(throws: CoveClientError.self) { try QRCode(bytes: [1], mask: mask) }
            #expect(error?.code == .qrInvalidParameters)
        }
    }

    @Test func reedSolomonKnownAnswer() {
        // ISO/IEC 18004 Annex I.3 example: "01234567" version 1-M data codewords and their EC.
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        #expect(QRReedSolomon.remainder(data, degree: 10) == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test func bchCodes() {
        // Level M (00), mask 5: 100000011001110 per ISO/IEC 18004 Annex C.
        #expect(QRMatrixBuilder.formatInformation(formatBits: 0, mask: 5) == 0b100_0000_1100_1110)
        // Version 7: 000111110010010100 (Annex D, Table D.1).
        #expect(QRMatrixBuilder.versionInformation(version: 7) == 0b00_0111_1100_1001_0100)
    }

    @Test func penaltyRules() {
        // N3 counts a 1:1:3:1:1 run with four light modules on one side, outside being light.
        let finder: [Bool] = [true, false, true, true, true, false, true]
        #expect(QRPenalty.runsAndFinders(finder + [Bool](repeating: false, count: 4)) == 40)
        // Surrounded by dark modules: no N3, but two runs of five score 3 each.
        #expect(QRPenalty.runsAndFinders([true, true, true, true] + finder + [true, true, true, true]) == 3 + 3)
        // N1: a run of 7 scores 3 + 2.
        #expect(QRPenalty.runsAndFinders([Bool](repeating: true, count: 7)) == 5)
    }

    @Test func terminalRendering() throws {
        let code = try QRCode(text: "cove", errorCorrection: .low, version: 1, mask: 0)
        let light = QRTerminalRenderer(style: .lightBackground).lines(code)
        let side = 21 + 8
        #expect(light.count == (side + 1) / 2)
        #expect(light.allSatisfy { $0.count == side })
        // Quiet zone (4 light rows = 2 lines), then the top-left finder pattern's first two rows
        // (all dark; dark, five light, dark) share a line.
        #expect(light[0] == String(repeating: " ", count: side))
        #expect(String(Array(light[2])[0..<11]) == "    █▀▀▀▀▀█")
        // Every module pair maps to the right glyph.
        for (lineIndex, line) in light.enumerated() {
            for (x, glyph) in line.enumerated() {
                let top = code.isDark(x: x - 4, y: 2 * lineIndex - 4)
                let bottom = code.isDark(x: x - 4, y: 2 * lineIndex - 3)
                let expected: Character = top ? (bottom ? "█" : "▀") : (bottom ? "▄" : " ")
                #expect(glyph == expected)
            }
        }
        // Dark-background style inverts the ink inside the picture.
        let dark = QRTerminalRenderer(style: .darkBackground).lines(code)
        #expect(dark[0] == String(repeating: "█", count: side))
        #expect(String(Array(dark[2])[0..<11]) == "████ ▄▄▄▄▄ ")
        // ANSI style wraps each line in black-on-white and resets it.
        let ansi = QRTerminalRenderer().lines(code)
        #expect(ansi.allSatisfy { $0.hasPrefix("\u{1B}[30;47m") && $0.hasSuffix("\u{1B}[0m") })
        #expect(QRTerminalRenderer(style: .lightBackground).render(code) == light.joined(separator: "\n") + "\n")
    }

    @Test func safetyNumberPayloadFitsVersion5M() throws {
        let number = try SafetyNumber(localUser: "alice", localDeviceKeys: [[1]], remoteUser: "bob", remoteDeviceKeys: [[2]])
        let code = try number.qrCode()
        #expect(code.version == 5)
        #expect(code.errorCorrection == .medium)
        #expect(code == (try QRCode(bytes: number.qrPayload, errorCorrection: .medium)))
    }
}
