import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain Unix-socket client for the daemon: writes request lines, collects reply lines.
final class SocketClient: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()
    private var buffer = Data()

    struct Failed: Error, CustomStringConvertible { var description: String }

    init(path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failed(description: "socket() failed") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw Failed(description: "socket path too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw Failed(description: "connect(\(path)) failed: errno \(errno)")
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        handle.readabilityHandler = { [weak self] h in
            let chunk = h.availableData
            guard let self else { return }
            if chunk.isEmpty { h.readabilityHandler = nil; return }
            self.lock.lock()
            self.buffer.append(chunk)
            self.lock.unlock()
        }
    }

    func send(_ line: String) throws {
        try handle.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Every complete line received so far, parsed as JSON where possible.
    var lines: [String] {
        lock.lock()
        let text = String(decoding: buffer, as: UTF8.self)
        lock.unlock()
        var lines = text.components(separatedBy: "\n")
        lines.removeLast()
        return lines
    }

    var objects: [[String: Any]] {
        lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Waits for a JSON object line satisfying `predicate`.
    func waitFor(timeout: Double = 60, _ predicate: ([String: Any]) -> Bool) async throws -> [String: Any] {
        var found: [String: Any]?
        _ = await eventually(timeout: timeout) {
            found = objects.first(where: predicate)
            return found != nil
        }
        guard let found else { throw Failed(description: "no matching reply; got: \(lines)") }
        return found
    }

    /// Sends a request and waits for the response with the same id.
    func call(_ method: String, params: [String: Any] = [:], id: Int) async throws -> [String: Any] {
        let request: [String: Any] = ["jsonrpc": "2.0", "id": id, "method": method, "params": params]
        let data = try JSONSerialization.data(withJSONObject: request)
        try send(String(decoding: data, as: UTF8.self))
        return try await waitFor { ($0["id"] as? Int) == id }
    }

    deinit {
        handle.readabilityHandler = nil
    }
}
