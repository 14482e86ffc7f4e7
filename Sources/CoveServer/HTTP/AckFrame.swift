/// A fast path for the frame a device sends most: `{"type":"ack","seqs":[1,2,3]}`.
///
/// Why: every delivery is acknowledged, and `JSONDecoder` on these frames was about 3 % of the
/// server's CPU at load (docs/PERFORMANCE.md, "Session 5: push path"). Only the two compact key
/// orders are recognised, with seqs of at most 18 digits (no sign, no leading zero) and at most
/// 1000 of them; anything else returns nil and goes through `JSONDecoder` as before, so this
/// accepts nothing the decoder would refuse and changes no answer.
enum AckFrame {
    private static let typeFirst = Array(#"{"type":"ack","seqs":["#.utf8)
    private static let seqsFirst = Array(#"{"seqs":["#.utf8)
    private static let typeLast = Array(#"],"type":"ack"}"#.utf8)
    static let maxSeqs = 1000

    static func seqs(_ text: String) -> [Int64]? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int64]? {
        let closing: [UInt8]
        var i: Int
        if bytes.starts(with: typeFirst) {
            i = typeFirst.count
            closing = Array("]}".utf8)
        } else if bytes.starts(with: seqsFirst) {
            i = seqsFirst.count
            closing = typeLast
        } else {
            return nil
        }
        var seqs: [Int64] = []
        if i < bytes.count, bytes[i] != UInt8(ascii: "]") {
            while true {
                let start = i
                var value: Int64 = 0
                while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                    // 18 digits always fit an Int64; longer numbers go to JSONDecoder.
                    if i - start == 18 { return nil }
                    value = value * 10 + Int64(bytes[i] - UInt8(ascii: "0"))
                    i += 1
                }
                let digits = i - start
                guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
                seqs.append(value)
                guard seqs.count <= maxSeqs, i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                break
            }
        }
        guard bytes.count - i == closing.count, UnsafeBufferPointer(rebasing: bytes[i...]).elementsEqual(closing) else { return nil }
        return seqs
    }
}
