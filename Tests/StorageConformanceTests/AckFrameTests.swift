import CoveProtocol
@testable import CoveServer
import Foundation
import Testing

/// The ack fast path (AckFrame) answers only what JSONDecoder would, and the same.
@Suite struct AckFrameTests {
    static func decoded(_ text: String) -> [Int64]? {
        guard let frame = try? JSONDecoder().decode(SocketFrame.self, from: Data(text.utf8)), frame.type == "ack" else { return nil }
        return frame.seqs
    }

    @Test("recognised forms parse as JSONDecoder does", arguments: [
        #"{"type":"ack","seqs":[1,2,3]}"#,
        #"{"type":"ack","seqs":[]}"#,
        #"{"type":"ack","seqs":[0]}"#,
        #"{"seqs":[42,7],"type":"ack"}"#,
        #"{"seqs":[],"type":"ack"}"#,
        #"{"type":"ack","seqs":[999999999999999999]}"#,
    ])
    func sameAsDecoder(text: String) throws {
        let fast = try #require(AckFrame.seqs(text))
        #expect(fast == Self.decoded(text))
    }

    @Test("anything else is left to JSONDecoder", arguments: [
        #"{"type":"ack","seqs":[1,2,3]} "#,
        #"{ "type":"ack","seqs":[1]}"#,
        #"{"type":"ack","seqs":[01]}"#,
        #"{"type":"ack","seqs":[-1]}"#,
        #"{"type":"ack","seqs":[1,]}"#,
        #"{"type":"ack","seqs":[,1]}"#,
        #"{"type":"ack","seqs":[1.5]}"#,
        #"{"type":"ack","seqs":[1e3]}"#,
        #"{"type":"ack","seqs":[9999999999999999999]}"#,
        #"{"type":"ack","seqs":[1]"#,
        #"{"type":"ack","seqs":[1]}}"#,
        #"{"type":"ping"}"#,
        #"{"seqs":[1],"type":"ping"}"#,
        #"{"seqs":[1],"type":"ack","x":1}"#,
        #"{"type":"ack","seqs":"1"}"#,
        "",
    ])
    func declined(text: String) {
        #expect(AckFrame.seqs(text) == nil)
    }

    @Test func atMostAThousandSeqs() {
        let many = #"{"type":"ack","seqs":["# + (1...1001).map(String.init).joined(separator: ",") + "]}"
        #expect(AckFrame.seqs(many) == nil)
        let enough = #"{"type":"ack","seqs":["# + (1...1000).map(String.init).joined(separator: ",") + "]}"
        #expect(AckFrame.seqs(enough)?.count == 1000)
    }
}
