@testable import cove_bench
import Testing

@Suite("JSONFields: the load tool's frame reader")
struct JSONFieldsTests {
    /// A frame exactly as the server's PushFrame writes it (sorted keys, no spaces).
    let frame = #"{"message":{"epoch":3,"groupId":"Z3JvdXA","kind":"application","messageId":42,"payload":"AAEC/+8=","receivedAt":1700000000000,"senderDeviceId":"dev-1","seq":9001},"type":"message"}"#

    @Test("reads a pushed message frame")
    func pushedFrame() throws {
        let pushed = try #require(PushReceiver.pushed(frame))
        #expect(pushed.seq == 9001)
        #expect(pushed.messageId == 42)
        #expect(pushed.groupId == "Z3JvdXA")
        #expect(pushed.kind == "application")
        #expect(pushed.payload == "AAEC/+8=")
    }

    @Test("finds fields by key whatever the order and spacing; ignores arrays and unwanted members")
    func orderAndSpacing() throws {
        let text = """
         { "type" : "message", "extra": [1, {"seq": 5}, "x", null, true, -2.5e3],
           "message": { "seq": 7, "payload": "QQ==", "kind": "welcome", "groupId": "g", "messageId": -3 } }
        """
        let pushed = try #require(PushReceiver.pushed(text))
        #expect(pushed.seq == 7 && pushed.messageId == -3 && pushed.kind == "welcome" && pushed.groupId == "g")
    }

    @Test("unescapes strings, surrogate pairs included")
    func escapes() {
        let f = JSONFields.scan(#"{"a":"q\"b\\s\/\n\u00e9\ud83d\ude00"}"#, wanted: ["a"])
        #expect(f?["a"] == .string("q\"b\\s/\n\u{e9}\u{1F600}"))
    }

    @Test("other frames and missing fields are not messages")
    func notMessages() {
        #expect(PushReceiver.pushed(#"{"type":"ready"}"#) == nil)
        #expect(PushReceiver.pushed(frame.replacingOccurrences(of: #""type":"message""#, with: #""type":"other""#)) == nil)
        #expect(PushReceiver.pushed(frame.replacingOccurrences(of: #""seq":9001"#, with: #""seq":"9001""#)) == nil)
        #expect(PushReceiver.pushed(frame.replacingOccurrences(of: #""seq":9001"#, with: #""seq":1.5"#)) == nil)
        #expect(PushReceiver.pushed(frame.replacingOccurrences(of: #""seq":9001"#, with: #""seq":99999999999999999999"#)) == nil)
    }

    @Test("malformed JSON is rejected", arguments: [
        "", "[]", "{", #"{"a":1"#, #"{"a":1,}"#, #"{"a" 1}"#, #"{"a":01}"#, #"{"a":-}"#, #"{"a":1.}"#, #"{"a":1e}"#,
        #"{"a":"x}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#, #"{"a":"\ud83d"}"#, #"{"a":tru}"#, #"{"a":1} x"#, "{\"a\":\"\u{1}\"}",
        #"{"a":[1,]}"#, String(repeating: #"{"a":"#, count: 40) + "1" + String(repeating: "}", count: 40),
    ])
    func malformed(_ text: String) {
        #expect(JSONFields.scan(text, wanted: ["a"]) == nil)
    }

    @Test("integers at the Int64 limits; larger ones are not integers")
    func limits() {
        #expect(JSONFields.scan(#"{"a":9223372036854775807}"#, wanted: ["a"])?["a"] == .int(.max))
        #expect(JSONFields.scan(#"{"a":-9223372036854775808}"#, wanted: ["a"])?["a"] == .int(.min))
        #expect(JSONFields.scan(#"{"a":9223372036854775808}"#, wanted: ["a"])?["a"] == .other)
    }
}
