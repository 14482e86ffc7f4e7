@testable import cove
import Testing

/// The chat's line editor and the sanitising of text from other people.
@Suite struct TerminalPieceTests {
    @Test func typingAndEnterSubmitsTheLine() {
        var editor = LineEditor()
        #expect(editor.feed(Array("hi".utf8)) == [.redraw])
        #expect(editor.text == "hi")
        #expect(editor.feed([0x0D]) == [.submit("hi")])
        #expect(editor.text == "")
    }

    @Test func backspaceRemovesWholeCharacters() {
        var editor = LineEditor()
        _ = editor.feed(Array("añ€😀".utf8))
        _ = editor.feed([0x7F])
        #expect(editor.text == "añ€")
        _ = editor.feed([0x7F, 0x7F])
        #expect(editor.text == "a")
    }

    @Test func incompleteUTF8IsHiddenUntilComplete() {
        var editor = LineEditor()
        let euro = Array("€".utf8)
        _ = editor.feed([UInt8(ascii: "x"), euro[0]])
        #expect(editor.text == "x")
        _ = editor.feed(Array(euro[1...]))
        #expect(editor.text == "x€")
    }

    @Test func escapeSequencesAreSwallowed() {
        var editor = LineEditor()
        _ = editor.feed([0x1B, UInt8(ascii: "["), UInt8(ascii: "A")] + Array("ok".utf8) + [0x1B, UInt8(ascii: "["), UInt8(ascii: "1"), UInt8(ascii: "~")])
        #expect(editor.text == "ok")
    }

    @Test func controlKeys() {
        var editor = LineEditor()
        _ = editor.feed(Array("one two".utf8))
        _ = editor.feed([0x17])
        #expect(editor.text == "one ")
        _ = editor.feed([0x15])
        #expect(editor.text == "")
        #expect(editor.feed([0x04]) == [.quit])
        var typing = LineEditor()
        _ = typing.feed(Array("x".utf8))
        #expect(typing.feed([0x04]) == [])  // Ctrl-D only quits on an empty line
        #expect(typing.feed([0x03]) == [.quit])
    }

    @Test func severalLinesInOneChunk() {
        var editor = LineEditor()
        #expect(editor.feed(Array("a\nb\n".utf8)) == [.redraw, .submit("a"), .redraw, .submit("b")])
    }

    @Test func sanitisingRemovesTerminalControl() {
        #expect(EventFormatter.sanitized("hi\u{1B}[2Jthere") == "hi?[2Jthere")
        #expect(EventFormatter.sanitized("a\u{202E}b\u{9B}c") == "a?b?c")
        #expect(EventFormatter.sanitized("line1\nline2") == "line1\nline2")
    }

    @Test func eventJSONShapes() {
        let message = CLIEvent.message(id: "m1", conversation: "team", conversationId: "g1", sender: "bob", device: "d1",
                                       text: "hi", sentAt: 1700000000123)
        #expect(EventFormatter.json(message).encoded()
            == #"{"type":"message","id":"m1","conversation":"team","conversation_id":"g1","sender":"bob","device":"d1","text":"hi","sent_at":1700000000123}"#)
        let membership = CLIEvent.membership(conversation: "team", conversationId: "g1", action: "added", user: "carol",
                                             device: "d3", by: "alice")
        #expect(EventFormatter.json(membership).encoded()
            == #"{"type":"membership","conversation":"team","conversation_id":"g1","action":"added","user":"carol","device":"d3","by":"alice"}"#)
        #expect(EventFormatter.json(.alert(kind: "rejoined", message: "m", conversationId: nil)).encoded()
            == #"{"type":"alert","kind":"rejoined","message":"m"}"#)
    }

    @Test func linkCodeNormalisation() throws {
        #expect(try DevicesApproveCommand.normalized("482117903250") == "482 117 903 250")
        #expect(try DevicesApproveCommand.normalized("482-117-903-250") == "482 117 903 250")
        #expect(throws: CLIError.self) { try DevicesApproveCommand.normalized("48211790325x") }
        #expect(throws: CLIError.self) { try DevicesApproveCommand.normalized("4821179032501") }
    }

    @Test func memberListValidation() throws {
        #expect(try InputValidation.userList("bob, carol,bob") == ["bob", "carol"])
        #expect(throws: CLIError.self) { try InputValidation.userList(" , ") }
        #expect(throws: CLIError.self) { try InputValidation.userList("bob,Eve!") }
    }

    @Test func closestCommandName() {
        #expect(UsageErrorReport.closest(to: "grop", in: ["init", "group", "send"]) == "group")
        #expect(UsageErrorReport.closest(to: "xyzzy", in: ["init", "group", "send"]) == nil)
    }
}
