import NIOCore

/// One client of the daemon: reads request lines, answers them in order, and streams `event`
/// notifications after `subscribe`.
struct DaemonConnection: Sendable {
    let connectionID: Int
    let methods: DaemonMethods
    let hub: EventHub

    func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        try? await connection.executeThenClose { inbound, outbound in
            let writer = LineWriter(outbound: outbound)
            try await withThrowingTaskGroup(of: Void.self) { group in
                var subscription: Task<Void, Never>?
                defer {
                    subscription?.cancel()
                }
                var pending: [UInt8] = []
                reading: for try await chunk in inbound {
                    pending.append(contentsOf: chunk.readableBytesView)
                    while let newline = pending.firstIndex(of: 0x0A) {
                        let line = String(decoding: pending[..<newline], as: UTF8.self)
                        pending.removeSubrange(...newline)
                        guard !line.allSatisfy(\.isWhitespace) else { continue }
                        for reply in await handle(line: line, subscription: &subscription, writer: writer) {
                            try await writer.write(reply)
                        }
                    }
                    if pending.count > JSONRPC.maxLineBytes {
                        try await writer.write(JSONRPC.response(
                            id: .null, error: .init(code: -32600, message: "Invalid Request: line longer than \(JSONRPC.maxLineBytes) bytes")))
                        break reading
                    }
                }
                group.cancelAll()
            }
        }
        await hub.unsubscribe(connectionID)
    }

    /// The replies to one line (none for notifications).
    private func handle(line: String, subscription: inout Task<Void, Never>?, writer: LineWriter) async -> [JSONValue] {
        switch JSONRPC.parse(line: line) {
        case .invalid(let error):
            return [JSONRPC.response(id: .null, error: error)]
        case let .single(result, id):
            return await reply(result, id: id, subscription: &subscription, writer: writer).map { [$0] } ?? []
        case .batch(let items):
            var replies: [JSONValue] = []
            for (result, id) in items {
                if let reply = await reply(result, id: id, subscription: &subscription, writer: writer) { replies.append(reply) }
            }
            return replies.isEmpty ? [] : [.array(replies)]
        }
    }

    private func reply(_ parsed: Result<JSONRPC.Request, JSONRPC.ErrorObject>, id: JSONValue?,
                       subscription: inout Task<Void, Never>?, writer: LineWriter) async -> JSONValue? {
        let request: JSONRPC.Request
        switch parsed {
        case .failure(let error): return JSONRPC.response(id: id ?? .null, error: error)
        case .success(let r): request = r
        }
        let result: Result<JSONValue, JSONRPC.ErrorObject>
        switch request.method {
        case "subscribe":
            if subscription == nil {
                let events = await hub.subscribe(connectionID)
                subscription = Task {
                    for await event in events {
                        do {
                            try await writer.write(JSONRPC.notification(method: "event", params: EventFormatter.json(event)))
                        } catch {
                            return
                        }
                    }
                }
            }
            result = .success(.object([("subscribed", .bool(true))]))
        case "unsubscribe":
            subscription?.cancel()
            subscription = nil
            await hub.unsubscribe(connectionID)
            result = .success(.object([("subscribed", .bool(false))]))
        default:
            do {
                result = .success(try await methods.call(request))
            } catch let error as JSONRPC.ErrorObject {
                result = .failure(error)
            } catch {
                result = .failure(.application(ErrorReport(error)))
            }
        }
        // A notification gets no reply, not even an error (JSON-RPC 2.0 section 4.1).
        guard let requestID = request.id else { return nil }
        switch result {
        case .success(let value): return JSONRPC.response(id: requestID, result: value)
        case .failure(let error): return JSONRPC.response(id: requestID, error: error)
        }
    }
}

/// Serialises writes from the request loop and the subscription so lines never interleave.
actor LineWriter {
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    init(outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.outbound = outbound
    }

    func write(_ value: JSONValue) async throws {
        try await outbound.write(ByteBuffer(string: value.encodedLine()))
    }
}
