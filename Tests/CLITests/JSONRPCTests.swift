@testable import cove
import Testing

/// The daemon's framing (JSON-RPC 2.0 section 4-6), without a socket.
@Suite struct JSONRPCTests {
    @Test func parsesARequestWithNamedParams() throws {
        let parsed = JSONRPC.parse(line: #"{"jsonrpc":"2.0","id":7,"method":"send","params":{"to":"bob","text":"hi"}}"#)
        guard case let .single(.success(request), id) = parsed else {
            Issue.record("not a request: \(parsed)")
            return
        }
        #expect(id == .number(7))
        #expect(request.method == "send")
        #expect(try request.string("to") == "bob")
        #expect(try request.optionalString("group") == nil)
    }

    @Test func notificationHasNoID() {
        guard case let .single(.success(request), _) = JSONRPC.parse(line: #"{"jsonrpc":"2.0","method":"subscribe"}"#) else {
            Issue.record("not parsed")
            return
        }
        #expect(request.id == nil)
        #expect(request.params == .object([]))
    }

    @Test func rejectsNonJSONWithParseError() {
        #expect(JSONRPC.parse(line: "{not json") == .invalid(.parseError))
        #expect(JSONRPC.ErrorObject.parseError.code == -32700)
    }

    @Test func rejectsInvalidRequests() {
        let cases = [
            #"{"id":1,"method":"send"}"#,                      // no jsonrpc member
            #"{"jsonrpc":"1.0","id":1,"method":"send"}"#,      // wrong version
            #"{"jsonrpc":"2.0","id":1,"method":5}"#,           // method not a string
            #"{"jsonrpc":"2.0","id":1,"method":"x","params":3}"#, // params neither object nor array
            #"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#,   // id an object
            #"42"#,
        ]
        for line in cases {
            guard case let .single(.failure(error), _) = JSONRPC.parse(line: line) else {
                Issue.record("accepted: \(line)")
                continue
            }
            #expect(error.code == -32600, "\(line)")
        }
        #expect(JSONRPC.parse(line: "[]") == .invalid(.invalidRequest))
    }

    @Test func invalidRequestKeepsItsIDForTheResponse() {
        guard case let .single(.failure, id) = JSONRPC.parse(line: #"{"jsonrpc":"2.0","id":"a","method":1}"#) else {
            Issue.record("accepted")
            return
        }
        #expect(id == .string("a"))
    }

    @Test func batchYieldsEachItem() {
        guard case .batch(let items) = JSONRPC.parse(line: #"[{"jsonrpc":"2.0","id":1,"method":"help"},1]"#) else {
            Issue.record("not a batch")
            return
        }
        #expect(items.count == 2)
        if case .success(let r) = items[0].0 { #expect(r.method == "help") } else { Issue.record("first item") }
        if case .failure(let e) = items[1].0 { #expect(e.code == -32600) } else { Issue.record("second item") }
    }

    @Test func encodesResponsesAndNotificationsAsOneLine() {
        let response = JSONRPC.response(id: .number(3), result: .object([("ok", .bool(true))]))
        #expect(response.encodedLine() == #"{"jsonrpc":"2.0","id":3,"result":{"ok":true}}"# + "\n")
        let error = JSONRPC.response(id: .null, error: .methodNotFound("nope"))
        #expect(error.encoded() == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32601,"message":"Method not found: nope"}}"#)
        let event = JSONRPC.notification(method: "event", params: .object([("text", .string("a\nb\"c"))]))
        #expect(event.encodedLine() == #"{"jsonrpc":"2.0","method":"event","params":{"text":"a\nb\"c"}}"# + "\n")
    }

    @Test func typedParameterErrors() throws {
        guard case let .single(.success(request), _) = JSONRPC.parse(
            line: #"{"jsonrpc":"2.0","id":1,"method":"group.create","params":{"name":1,"members":["a",2]}}"#) else {
            Issue.record("not parsed")
            return
        }
        #expect(throws: JSONRPC.ErrorObject.self) { try request.string("name") }
        #expect(throws: JSONRPC.ErrorObject.self) { try request.strings("members") }
    }

    @Test func applicationErrorsCarryCodeAndHint() {
        let error = JSONRPC.ErrorObject.application(ErrorReport(CLIError("x.y", "bad\nthing", hint: "do it")))
        #expect(error.code == -32000)
        #expect(error.message == "bad thing")
        #expect(error.data == .object([("code", .string("x.y")), ("message", .string("bad thing")), ("hint", .string("do it"))]))
    }
}
