import CoveProtocol
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import Testing

/// The WebSocket authenticates by header, by the `cove.bearer.<token>` subprotocol (browsers),
/// or by a first `auth` frame; a wrong first frame gets an error frame and nothing else.
@Suite("WebSocket authentication against a live cove-server", .serialized)
struct SocketAuthIntegrationTests {
    @Test("header, subprotocol and first-frame authentication all deliver the queue")
    func threeWays() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let http = HTTP(baseURL: server.baseURL)
        let alice = try await TestDevice.register(http, username: "alice")
        let bob = try await TestDevice.register(http, username: "bob")
        let gid = MLSFixtures.random(16)
        #expect(try await alice.send("POST", "/v1/groups", json: CreateGroupRequest(groupId: GroupID(gid))).status == 201)
        #expect(try await alice.send("POST", groupPath(gid) + "/commits", json: SubmitCommitRequest(
            clientMessageId: "c1", commit: Base64Bytes(MLSFixtures.commit(group: gid, epoch: 0, adds: [try MLSFixtures.keyPackage(for: bob)])),
            welcome: Base64Bytes(MLSFixtures.welcome()), addedDeviceIds: [bob.deviceId])).status == 200)
        for (i, auth) in PushAuth.allCases.enumerated() {
            let m = SubmitMessageRequest(clientMessageId: "m\(i)", message: Base64Bytes(
                MLSFixtures.application(group: gid, epoch: 1, ciphertext: MLSFixtures.random(20))))
            // Not acknowledged: each connection gets the welcome and every message so far.
            let pushed = try await collectPush(bob, port: server.port, count: i + 2, ack: false, auth: auth) {
                let sent = try await alice.send("POST", groupPath(gid) + "/messages", json: m)
                #expect(sent.status == 200)
            }
            #expect(pushed.map(\.kind) == [.welcome] + Array(repeating: .application, count: i + 1), "\(auth)")
            #expect(pushed.last?.payload == m.message, "\(auth)")
        }
    }

    @Test("a wrong or missing token: refused upgrade (header, subprotocol) or an error frame (first frame)")
    func refused() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let logger: Logger = {
            var logger = Logger(label: "test.ws")
            logger.logLevel = .critical
            return logger
        }()
        let port = server.port
        for headers: HTTPFields in [[.authorization: "Bearer forged"], [.secWebSocketProtocol: "cove.v1, cove.bearer.forged"]] {
            await #expect(throws: (any Error).self) {
                try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/v1/ws", configuration: .init(additionalHeaders: headers),
                                                  logger: logger) { _, _, _ in }
            }
        }
        // A forged token, a frame other than auth, and silence (closed after the 10 s auth timeout).
        let firsts: [String?] = [#"{"type":"auth","token":"forged"}"#, #"{"type":"ack","seqs":[1]}"#, nil]
        for first in firsts {
            let frames = try await withThrowingTaskGroup(of: [String].self) { group in
                group.addTask {
                    let received = TextFrames()
                    try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/v1/ws", logger: logger) { inbound, outbound, _ in
                        if let first { try await outbound.write(.text(first)) }
                        for try await message in inbound.messages(maxSize: 1 << 16) {
                            if case .text(let text) = message { await received.append(text) }
                        }
                    }
                    return await received.all
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(20))
                    throw PushTimeout(description: "the server kept an unauthenticated socket open")
                }
                let result = try await group.next() ?? []
                group.cancelAll()
                return result
            }
            let decoded = frames.compactMap { try? JSONDecoder().decode(SocketFrame.self, from: Data($0.utf8)) }
            #expect(decoded.map(\.type) == ["error"] && decoded.first?.code == "auth.unauthenticated", "\(frames)")
        }
    }
}

/// Text frames received on a test socket.
actor TextFrames {
    private(set) var all: [String] = []
    func append(_ text: String) { all.append(text) }
}
