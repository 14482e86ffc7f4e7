import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stdin as an async sequence of byte chunks, read by one dedicated thread (a blocking `read(2)`
/// must not hold a cooperative-pool thread). The stream ends at end of input.
enum StdinBytes {
    static func stream() -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                if case .terminated = continuation.yield(Array(buffer[..<n])) { return }
            }
            continuation.finish()
        }
        thread.start()
        return stream
    }
}
