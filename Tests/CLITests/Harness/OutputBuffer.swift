import Foundation

/// Collects a pipe's bytes as they arrive (readabilityHandler), so a test can wait for a line
/// without blocking and a chatty process never stalls on a full pipe.
final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var closed = false

    init(_ pipe: Pipe) {
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            guard let self else { return }
            self.lock.lock()
            if chunk.isEmpty {
                self.closed = true
                handle.readabilityHandler = nil
            } else {
                self.data.append(chunk)
            }
            self.lock.unlock()
        }
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closed
    }

    /// Complete lines so far.
    var lines: [String] {
        let text = self.text
        var lines = text.components(separatedBy: "\n")
        lines.removeLast()  // the part after the last newline (empty or incomplete)
        return lines
    }
}

/// Polls `condition` every 50 ms until it holds or `timeout` seconds pass (a guard against hangs,
/// not a timing assertion).
func eventually(timeout: Double = 60, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(nanoseconds: 50_000_000)
    }
    return try await condition()
}
