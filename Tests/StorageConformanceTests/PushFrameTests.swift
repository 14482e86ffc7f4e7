import CoveProtocol
@testable import CoveServer
import Foundation
import Testing

/// The hand-written push frame (PushFrame) must decode to exactly what JSONEncoder wrote before.
@Suite struct PushFrameTests {
    static func entry(sender: String = "3f2b8c1e-0000-4000-8000-000000000001", kind: String = "application",
                      payload: [UInt8] = Array(0..<200), groupId: [UInt8] = Array(repeating: 0xFB, count: 32)) -> QueueEntry {
        QueueEntry(seq: 9_007_199_254_740_993, messageId: 42, groupId: groupId, kind: kind, senderDevice: sender,
                   epoch: UInt64.max, payload: payload, createdAt: 1_764_000_000_123)
    }

    static func decoded(_ entry: QueueEntry) throws -> SocketFrame {
        try JSONDecoder().decode(SocketFrame.self, from: Data(PushFrame.message(entry).utf8))
    }

    @Test("decodes to the SocketFrame JSONEncoder produced", arguments: [
        entry(),
        entry(payload: []),
        entry(kind: "commit"),
        entry(kind: "welcome", groupId: [0]),
        entry(kind: "unknown-kind"),
        entry(sender: #"q"u\o/te"#),
        entry(sender: "ctl\u{01}\n\t\r\u{1F}end"),
        entry(sender: "ünïcødé 🔐"),
    ])
    func sameAsEncoder(entry: QueueEntry) throws {
        let expected = SocketFrame(type: "message", message: CoveService.queued(entry))
        #expect(try Self.decoded(entry) == expected)
    }

    @Test("byte-identical to JSONEncoder with sorted keys")
    func identicalBytes() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let entry = Self.entry()
        let expected = String(decoding: try encoder.encode(SocketFrame(type: "message", message: CoveService.queued(entry))), as: UTF8.self)
        #expect(PushFrame.message(entry) == expected)
    }
}
