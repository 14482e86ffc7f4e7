/// SHAKE256 (FIPS 202 §6.2): the Keccak[512] sponge (rate 136 bytes) with domain suffix 1111.
///
/// Used for X-Wing's HPKE `DeriveKeyPair` (`sk = SHAKE256(ikm, 32 * 8)`), which swift-crypto
/// does not expose. Not constant-time with respect to the input *length* only.
enum SHAKE256 {
    /// Rate in bytes: (1600 - 2 * 256) / 8.
    static let rate = 136

    /// SHAKE256(message, 8 * outputLength).
    static func hash<C: Collection>(_ message: C, outputLength: Int) -> [UInt8] where C.Element == UInt8 {
        var state = KeccakState()
        var block = [UInt8](repeating: 0, count: rate)
        var filled = 0
        // Absorb full blocks.
        for byte in message {
            block[filled] = byte
            filled += 1
            if filled == rate {
                state.absorb(block)
                filled = 0
            }
        }
        // Pad: the SHAKE domain bits 1111 followed by pad10*1.
        for i in filled..<rate { block[i] = 0 }
        block[filled] ^= 0x1f
        block[rate - 1] ^= 0x80
        state.absorb(block)
        for i in block.indices { block[i] = 0 }
        // Squeeze.
        var output = [UInt8]()
        output.reserveCapacity(outputLength)
        while true {
            state.squeeze(into: &output, count: min(rate, outputLength - output.count))
            if output.count >= outputLength { break }
            state.permute()
        }
        state.wipe()
        return output
    }
}
