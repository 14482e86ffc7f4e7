import Foundation
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The daemon's Unix-socket server: newline-delimited JSON-RPC 2.0, any number of connections.
/// The socket file is created 0600 (whoever can connect can send as this user) and removed on exit.
struct DaemonServer: Sendable {
    let socketPath: String
    let methods: DaemonMethods
    let hub: EventHub

    /// Binds the socket, calls `ready`, and serves until the task is cancelled.
    func run(ready: @Sendable () -> Void) async throws {
        let bound: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
        // umask instead of a chmod after bind: no window in which others could connect.
        let previousMask = umask(0o077)
        do {
            bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 64)
                .bind(unixDomainSocketPath: socketPath, cleanupExistingSocketFile: true) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            umask(previousMask)
        } catch {
            umask(previousMask)
            throw CLIError("cli.socket", "cannot listen on \(socketPath)",
                           hint: "check that the directory exists and is writable, and that the path is short (about 100 bytes at most)")
        }
        defer { unlink(socketPath) }
        ready()
        try await withThrowingDiscardingTaskGroup { group in
            try await bound.executeThenClose { inbound in
                var nextID = 0
                group.addTask {
                    // Closing the listening socket ends the accept loop when the daemon is stopped.
                    await Self.waitForCancellation()
                    try? await bound.channel.close()
                }
                for try await connection in inbound {
                    nextID += 1
                    let id = nextID
                    group.addTask {
                        await DaemonConnection(connectionID: id, methods: methods, hub: hub).serve(connection)
                    }
                }
            }
            group.cancelAll()
        }
    }

    private static func waitForCancellation() async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        await withTaskCancellationHandler {
            for await _ in stream {}
        } onCancel: {
            continuation.finish()
        }
    }
}
