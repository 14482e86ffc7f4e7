/// Reed–Solomon error correction over GF(2^8) as QR codes use it (ISO/IEC 18004 section 7.5.2):
/// the field is GF(2)[x]/(x^8 + x^4 + x^3 + x^2 + 1) (0x11D), α = 2, and the generator of a
/// code with n EC codewords is g(x) = (x − α^0)(x − α^1)…(x − α^(n−1)).
enum QRReedSolomon {
    /// α^i for i in 0..<255 (and 255..<512, so products never need a modulo).
    static let exp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 512)
        var value = 1
        for i in 0..<255 {
            table[i] = UInt8(value)
            table[i + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    /// log_α(v) for v in 1...255; index 0 is unused.
    static let log: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for i in 0..<255 { table[Int(exp[i])] = i }
        return table
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        guard a != 0, b != 0 else { return 0 }
        return exp[log[Int(a)] + log[Int(b)]]
    }

    /// The generator's coefficients, highest degree first, without the leading 1.
    static func generator(degree: Int) -> [UInt8] {
        // Start from g(x) = 1 and multiply by (x − α^i); in GF(2^8) minus is plus.
        var coefficients: [UInt8] = [1]
        for i in 0..<degree {
            var next = [UInt8](repeating: 0, count: coefficients.count + 1)
            for (j, c) in coefficients.enumerated() {
                next[j] ^= c                                   // c · x
                next[j + 1] ^= multiply(c, exp[i])             // c · α^i
            }
            coefficients = next
        }
        return Array(coefficients.dropFirst())
    }

    /// The `degree` EC codewords of `data`: the remainder of data(x) · x^degree divided by g(x).
    static func remainder(_ data: [UInt8], degree: Int) -> [UInt8] {
        let g = generator(degree: degree)
        var register = [UInt8](repeating: 0, count: degree)
        for byte in data {
            let factor = byte ^ register[0]
            register.removeFirst()
            register.append(0)
            for k in 0..<degree { register[k] ^= multiply(g[k], factor) }
        }
        return register
    }
}
