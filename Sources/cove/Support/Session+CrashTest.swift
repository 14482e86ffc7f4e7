@_spi(Testing) import CoveClient
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A test hook for "a client killed during a send loses nothing": with `COVE_TEST_KILL_AFTER_OUTBOX=1`,
/// `cove send` writes the message to the outbox exactly as a real send does, prints its id, and
/// SIGKILLs itself before submitting. The next command of that home must send it, once.
extension Session {
    static var killAfterOutboxRequested: Bool {
        ProcessInfo.processInfo.environment["COVE_TEST_KILL_AFTER_OUTBOX"] == "1"
    }

    func enqueueThenDie(conversation: String, text: String, output: Output) async throws {
        let queued = try await client.enqueueWithoutSubmitting(conversation: conversation, text: text)
        output.emit(human: "Queued \(queued.id); killing this process before it submits",
                    json: .object([("type", .string("queued")), ("id", .string(queued.id)),
                                   ("conversation_id", .string(queued.conversationId))]))
        kill(getpid(), SIGKILL)
        // SIGKILL cannot be caught; this only satisfies the type checker.
        exit(137)
    }
}
