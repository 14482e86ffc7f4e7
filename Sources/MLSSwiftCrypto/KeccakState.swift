/// The Keccak-f[1600] state and permutation (FIPS 202 §3), lanes indexed `x + 5 * y`.
struct KeccakState {
    private var lanes = [UInt64](repeating: 0, count: 25)

    /// ι round constants RC[i] for the 24 rounds.
    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    /// ρ rotation offsets r[x + 5 * y].
    private static let rotationOffsets: [UInt64] = [
        0, 1, 62, 28, 27,
        36, 44, 6, 55, 20,
        3, 10, 43, 25, 39,
        41, 45, 15, 21, 8,
        18, 2, 61, 56, 14,
    ]

    @inline(__always)
    private static func rotl(_ v: UInt64, _ n: UInt64) -> UInt64 {
        n == 0 ? v : (v << n) | (v >> (64 - n))
    }

    /// XORs a full rate block (little-endian lanes) into the state and applies the permutation.
    mutating func absorb(_ block: [UInt8]) {
        for lane in 0..<(block.count / 8) {
            var v: UInt64 = 0
            for j in 0..<8 { v |= UInt64(block[lane * 8 + j]) << (8 * UInt64(j)) }
            lanes[lane] ^= v
        }
        permute()
    }

    /// Appends the first `count` bytes of the state (little-endian lanes) to `output`.
    func squeeze(into output: inout [UInt8], count: Int) {
        for i in 0..<count {
            output.append(UInt8(truncatingIfNeeded: lanes[i / 8] >> (8 * UInt64(i % 8))))
        }
    }

    mutating func wipe() {
        for i in lanes.indices { lanes[i] = 0 }
    }

    /// Keccak-f[1600]: 24 rounds of θ, ρ, π, χ, ι.
    mutating func permute() {
        var a = lanes
        var c = [UInt64](repeating: 0, count: 5)
        var b = [UInt64](repeating: 0, count: 25)
        for round in 0..<24 {
            // θ
            for x in 0..<5 { c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] }
            for x in 0..<5 {
                let d = c[(x + 4) % 5] ^ Self.rotl(c[(x + 1) % 5], 1)
                for y in 0..<5 { a[x + 5 * y] ^= d }
            }
            // ρ and π: B[y, 2x + 3y] = rot(A[x, y], r[x, y])
            for x in 0..<5 {
                for y in 0..<5 {
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = Self.rotl(a[x + 5 * y], Self.rotationOffsets[x + 5 * y])
                }
            }
            // χ
            for y in 0..<5 {
                for x in 0..<5 {
                    a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y])
                }
            }
            // ι
            a[0] ^= Self.roundConstants[round]
        }
        lanes = a
        for i in b.indices { b[i] = 0 }
    }
}
