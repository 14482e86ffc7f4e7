/// A QR code symbol (ISO/IEC 18004) for short byte strings, such as the safety-number payload
/// `cove verify` shows (issue 6).
///
/// Byte mode only; error correction levels L, M, Q and H; versions 1 to 40; the data mask is
/// either chosen by the standard's penalty rules (N1 to N4, section 7.8.3) or fixed by the
/// caller. Checked module by module against the independent Python library segno
/// (Tests/CoveClientTests/SecurityFixtures/make_qr_fixtures.py).
public struct QRCode: Sendable, Hashable {
    /// The error correction level: the share of codewords that can be restored.
    public enum ErrorCorrection: Int, Sendable, Hashable, CaseIterable {
        /// About 7 %.
        case low = 0
        /// About 15 %.
        case medium = 1
        /// About 25 %.
        case quartile = 2
        /// About 30 %.
        case high = 3

        /// The two format-information bits (section 7.9.1, Table 12).
        var formatBits: Int { [1, 0, 3, 2][rawValue] }
    }

    public static let versions = 1...40

    /// The symbol's version, 1 to 40: `size == 4 · version + 17`.
    public let version: Int
    public let errorCorrection: ErrorCorrection
    /// The data mask pattern applied, 0 to 7.
    public let mask: Int
    /// Modules per side (without quiet zone).
    public let size: Int
    /// Row-major, `true` = dark.
    let modules: [Bool]

    /// Encodes `bytes` in byte mode.
    ///
    /// - Parameters:
    ///   - version: a fixed version, or nil for the smallest that holds the data.
    ///   - mask: a fixed mask pattern 0...7, or nil to choose by the penalty rules.
    /// - Throws: `qr.too_long` when the data does not fit (in `version`, or in version 40),
    ///   `qr.invalid_parameters` for a version or mask out of range.
    public init(bytes: [UInt8], errorCorrection: ErrorCorrection = .medium, version: Int? = nil, mask: Int? = nil) throws {
        if let version, !Self.versions.contains(version) {
            throw CoveClientError(.qrInvalidParameters, "QR version \(version) does not exist",
                                  hint: "use a version from 1 to 40")
        }
        if let mask, !(0...7).contains(mask) {
            throw CoveClientError(.qrInvalidParameters, "QR mask \(mask) does not exist", hint: "use a mask from 0 to 7")
        }
        let level = errorCorrection.rawValue
        let candidates = version.map { [$0] } ?? Array(Self.versions)
        guard let chosen = candidates.first(where: { Self.fits(bytes.count, version: $0, level: level) }) else {
            throw CoveClientError(.qrTooLong, "\(bytes.count) bytes do not fit in a QR code at this size",
                                  hint: "shorten the data or lower the error correction level")
        }
        let codewords = Self.codewords(bytes, version: chosen, level: level)
        var builder = QRMatrixBuilder(version: chosen)
        builder.drawFunctionPatterns()
        builder.placeCodewords(codewords)
        let chosenMask = mask ?? builder.bestMask()
        builder.applyMask(chosenMask)
        builder.drawFormatInformation(formatBits: errorCorrection.formatBits, mask: chosenMask)
        builder.drawVersionInformation()

        self.version = chosen
        self.errorCorrection = errorCorrection
        self.mask = chosenMask
        self.size = builder.size
        self.modules = builder.modules
    }

    /// Encodes the UTF-8 bytes of `text`.
    public init(text: String, errorCorrection: ErrorCorrection = .medium, version: Int? = nil, mask: Int? = nil) throws {
        try self.init(bytes: Array(text.utf8), errorCorrection: errorCorrection, version: version, mask: mask)
    }

    /// Whether the module at column `x`, row `y` is dark; modules outside the symbol (the quiet
    /// zone) are light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// The modules as rows, top to bottom, `true` = dark.
    public var rows: [[Bool]] {
        (0..<size).map { y in Array(modules[(y * size)..<((y + 1) * size)]) }
    }

    /// The longest byte string that fits at `errorCorrection` in `version`.
    public static func byteCapacity(version: Int, errorCorrection: ErrorCorrection) -> Int {
        guard versions.contains(version) else { return 0 }
        let bits = QRCodeTables.dataCodewords(version: version, level: errorCorrection.rawValue) * 8
        return (bits - 4 - countBits(version: version)) / 8
    }

    /// Length of the character count indicator in byte mode (Table 3).
    static func countBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    static func fits(_ count: Int, version: Int, level: Int) -> Bool {
        count <= byteCapacity(version: version, errorCorrection: ErrorCorrection(rawValue: level) ?? .low)
    }

    /// The final codeword sequence: data bits (mode, count, bytes, terminator, padding) split
    /// into blocks, each with its Reed–Solomon codewords, then interleaved (section 7.6).
    static func codewords(_ bytes: [UInt8], version: Int, level: Int) -> [UInt8] {
        let dataCount = QRCodeTables.dataCodewords(version: version, level: level)
        var bits = QRBitBuffer()
        bits.append(0b0100, count: 4)                          // byte mode
        bits.append(bytes.count, count: countBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacity = dataCount * 8
        bits.append(0, count: min(4, capacity - bits.count))   // terminator
        bits.append(0, count: (8 - bits.count % 8) % 8)        // to a byte boundary
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < dataCount {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }

        let blocks = QRCodeTables.blockCount[level][version]
        let ecLength = QRCodeTables.ecCodewordsPerBlock[level][version]
        let total = QRCodeTables.totalCodewords(version: version)
        let shortBlocks = blocks - total % blocks                // the rest have one more data codeword
        let shortDataLength = total / blocks - ecLength
        var dataBlocks: [[UInt8]] = []
        var offset = 0
        for index in 0..<blocks {
            let length = shortDataLength + (index < shortBlocks ? 0 : 1)
            dataBlocks.append(Array(data[offset..<(offset + length)]))
            offset += length
        }
        let ecBlocks = dataBlocks.map { QRReedSolomon.remainder($0, degree: ecLength) }

        var out: [UInt8] = []
        out.reserveCapacity(total)
        for i in 0..<(shortDataLength + 1) {
            for block in dataBlocks where i < block.count { out.append(block[i]) }
        }
        for i in 0..<ecLength {
            for block in ecBlocks { out.append(block[i]) }
        }
        return out
    }
}

/// Bits, most significant first, packed into bytes.
struct QRBitBuffer {
    private(set) var bits: [Bool] = []
    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<min(start + 8, bits.count)].enumerated().reduce(UInt8(0)) { byte, item in
                item.element ? byte | (0x80 >> UInt8(item.offset)) : byte
            }
        }
    }
}

extension CoveClientError.Code {
    /// The data does not fit in the largest allowed QR version.
    public static let qrTooLong = Self("qr.too_long")
    /// A QR version outside 1...40 or a mask outside 0...7 was requested.
    public static let qrInvalidParameters = Self("qr.invalid_parameters")
}
