/// Lays out a QR symbol (ISO/IEC 18004 sections 6.3, 7.7 to 7.10): function patterns, codeword
/// placement, data masking with the penalty evaluation, format and version information.
struct QRMatrixBuilder {
    let version: Int
    let size: Int
    /// Row-major module colours, `true` = dark.
    private(set) var modules: [Bool]
    /// Modules that are not in the encoding region (never masked, never hold codewords).
    private var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = 4 * version + 17
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
    }

    private mutating func setFunction(_ x: Int, _ y: Int, dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    /// Finder patterns with separators, timing patterns, alignment patterns, and the reserved
    /// (still light) areas for format information, the dark module and version information.
    /// The penalty evaluation sees these reserved areas light, as in ISO/IEC 18004:2015 7.8,
    /// where format information is added after masking.
    mutating func drawFunctionPatterns() {
        for i in 0..<size {
            setFunction(6, i, dark: i % 2 == 0)
            setFunction(i, 6, dark: i % 2 == 0)
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 {
                    let (x, y) = (cx + dx, cy + dy)
                    guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                    let ring = max(abs(dx), abs(dy))
                    setFunction(x, y, dark: ring != 2 && ring != 4)
                }
            }
        }
        let centers = QRCodeTables.alignmentCenters[version]
        for (i, cy) in centers.enumerated() {
            for (j, cx) in centers.enumerated() {
                let last = centers.count - 1
                // The three positions that would overlap the finder patterns are skipped.
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(cx + dx, cy + dy, dark: max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        for (x, y) in formatPositions(0) + formatPositions(1) { setFunction(x, y, dark: false) }
        setFunction(8, size - 8, dark: false)
        if version >= 7 {
            for (x, y) in versionPositions(0) + versionPositions(1) { setFunction(x, y, dark: false) }
        }
    }

    /// Places the codewords' bits, most significant first, in the two-module-wide columns from
    /// the bottom-right corner, alternately upwards and downwards, skipping the vertical timing
    /// pattern and every function module (section 7.7.3). Remainder bits stay light.
    mutating func placeCodewords(_ codewords: [UInt8]) {
        let totalBits = codewords.count * 8
        var bit = 0
        var right = size - 1
        var upward = true
        while right > 0 {
            if right == 6 { right = 5 }                 // the timing column is not a data column
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] {
                    if bit < totalBits {
                        modules[y * size + x] = (codewords[bit >> 3] >> (7 - UInt8(bit & 7))) & 1 == 1
                        bit += 1
                    }
                }
            }
            upward.toggle()
            right -= 2
        }
    }

    /// Section 7.8.2, Table 10; i is the row, j the column.
    static func maskCondition(_ mask: Int, row i: Int, column j: Int) -> Bool {
        switch mask {
        case 0: return (i + j) % 2 == 0
        case 1: return i % 2 == 0
        case 2: return j % 3 == 0
        case 3: return (i + j) % 3 == 0
        case 4: return (i / 2 + j / 3) % 2 == 0
        case 5: return (i * j) % 2 + (i * j) % 3 == 0
        case 6: return ((i * j) % 2 + (i * j) % 3) % 2 == 0
        default: return ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }

    /// XORs the mask into the encoding region (applying it twice undoes it).
    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && Self.maskCondition(mask, row: y, column: x) {
                modules[y * size + x].toggle()
            }
        }
    }

    /// The mask with the lowest penalty; the lowest-numbered one on a tie.
    mutating func bestMask() -> Int {
        var best = 0
        var bestScore = Int.max
        for mask in 0..<8 {
            applyMask(mask)
            let score = QRPenalty.score(modules, size: size)
            applyMask(mask)
            if score < bestScore {
                best = mask
                bestScore = score
            }
        }
        return best
    }

    /// The 15-bit format information: level and mask, BCH(15, 5) code with generator 0x537,
    /// XORed with 0x5412 (section 7.9.1).
    static func formatInformation(formatBits: Int, mask: Int) -> Int {
        let data = formatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// The 18-bit version information: version and BCH(18, 6) code with generator 0x1F25
    /// (section 7.10).
    static func versionInformation(version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return version << 12 | remainder
    }

    /// Coordinates of format bits 0 to 14 in copy 0 (around the top-left finder) or copy 1
    /// (split below the top-right and right of the bottom-left finder).
    func formatPositions(_ copy: Int) -> [(Int, Int)] {
        if copy == 0 {
            return (0..<6).map { (8, $0) } + [(8, 7), (8, 8), (7, 8)] + (9..<15).map { (14 - $0, 8) }
        }
        return (0..<8).map { (size - 1 - $0, 8) } + (8..<15).map { (8, size - 15 + $0) }
    }

    /// Coordinates of version bits 0 to 17: copy 0 above the bottom-left finder (6 columns × 3
    /// rows), copy 1 left of the top-right finder (its transpose).
    func versionPositions(_ copy: Int) -> [(Int, Int)] {
        (0..<18).map { i in
            let (a, b) = (size - 11 + i % 3, i / 3)
            return copy == 0 ? (b, a) : (a, b)
        }
    }

    mutating func drawFormatInformation(formatBits: Int, mask: Int) {
        let bits = Self.formatInformation(formatBits: formatBits, mask: mask)
        for copy in 0..<2 {
            for (i, (x, y)) in formatPositions(copy).enumerated() { setFunction(x, y, dark: (bits >> i) & 1 == 1) }
        }
        setFunction(8, size - 8, dark: true)           // the dark module
    }

    mutating func drawVersionInformation() {
        guard version >= 7 else { return }
        let bits = Self.versionInformation(version: version)
        for copy in 0..<2 {
            for (i, (x, y)) in versionPositions(copy).enumerated() { setFunction(x, y, dark: (bits >> i) & 1 == 1) }
        }
    }
}
