import CoveClient
import Foundation
import Testing

@Suite("ClientEvent JSON form")
struct ClientEventEncoderTests {
    func object(_ event: ClientEvent) throws -> [String: Any] {
        let line = ClientEventEncoder.jsonLine(event)
        #expect(!line.contains("\n"))
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("message events carry the contract's snake_case keys")
    func message() throws {
        let o = try object(.message(ReceivedMessage(id: "m1", conversation: "team", conversationId: "abc", sender: "alice",
                                                    device: "d1", text: "hi \"there\"\n", sentAt: 1_700_000_000_123)))
        #expect(o["type"] as? String == "message")
        #expect(o["id"] as? String == "m1" && o["conversation"] as? String == "team" && o["conversation_id"] as? String == "abc")
        #expect(o["sender"] as? String == "alice" && o["device"] as? String == "d1")
        #expect(o["text"] as? String == "hi \"there\"\n")
        #expect((o["sent_at"] as? NSNumber)?.int64Value == 1_700_000_000_123)
        #expect(o["sentAt"] == nil)
    }

    @Test("membership, conversation and alert events")
    func others() throws {
        let m = try object(.membership(MembershipChange(conversation: "team", conversationId: "abc", action: .removed,
                                                        user: "bob", device: "d2", by: "alice")))
        #expect(m["type"] as? String == "membership" && m["action"] as? String == "removed" && m["by"] as? String == "alice")
        #expect(m["user"] as? String == "bob" && m["device"] as? String == "d2")
        let c = try object(.conversation(ConversationJoined(conversation: "team", conversationId: "abc", kind: "group", members: ["a", "b"])))
        #expect(c["type"] as? String == "conversation" && c["kind"] as? String == "group" && c["members"] as? [String] == ["a", "b"])
        let a = try object(.alert(ClientAlert(kind: "rejoined", message: "m")))
        #expect(a["type"] as? String == "alert" && a["kind"] as? String == "rejoined" && a["conversation_id"] == nil)
        // The dictionary form agrees with the line form.
        let dict = ClientEventEncoder.jsonObject(.alert(ClientAlert(kind: "k", message: "m", conversationId: "g")))
        #expect(dict["conversation_id"] as? String == "g" && dict["type"] as? String == "alert")
    }
}
