@_spi(Testing) import CoveClient
import CoveClientSQLite
import CoveFileCrypto
import CoveTestSupport
import Foundation
import Testing

/// Files sent as attachments between two users through a live cove-server (issue 5, "what it
/// must show" 1 and 3): round trips at the chunk boundaries, clear errors for every kind of bad
/// ciphertext, and no plaintext anywhere on the server.
@Suite("Encrypted file attachments against a live cove-server", .serialized)
struct ClientFileIntegrationTests {
    /// Sizes around the 64 KiB chunk boundary, plus a multi-megabyte file of several upload chunks.
    static let sizes = [0, 1, 65_535, 65_536, 65_537, 3 * 1_048_576 + 12_345]

    /// A file of `size` random bytes in `directory`.
    static func makeFile(_ directory: String, name: String, size: Int) throws -> (path: String, bytes: [UInt8]) {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    /// Windows of the plaintext to look for on the server: 32 bytes at the start, middle and end
    /// (random bytes, so a hit cannot be a coincidence). Files shorter than 32 bytes have none.
    static func needles(_ bytes: [UInt8]) -> [Data] {
        guard bytes.count >= 32 else { return [] }
        return [0, bytes.count / 2 - 16, bytes.count - 32].map { Data(bytes[$0..<$0 + 32]) }
    }

    @Test("round trips of 0 B, 1 B, 64 KiB-1, 64 KiB, 64 KiB+1 and 3 MiB; no plaintext on the server", arguments: Backend.allCases)
    func roundTrips(_ backend: Backend) async throws {
        guard let (server, database) = try await startClientServer(backend) else { return }
        defer { server.stop() }
        let aliceHome = ClientHome(), bobHome = ClientHome(), work = ClientHome()
        try FileManager.default.createDirectory(atPath: work.path, withIntermediateDirectories: true)
        let alice = try await CoveClient.initialize(home: aliceHome.path, server: server.baseURL, username: "alice")
        let bob = try await CoveClient.initialize(home: bobHome.path, server: server.baseURL, username: "bob")

        var sent: [String: (name: String, bytes: [UInt8])] = [:]
        for (index, size) in Self.sizes.enumerated() {
            let file = try Self.makeFile(work.path, name: "file-\(index).bin", size: size)
            let progress = ProgressLog()
            let result = try await alice.sendFile(to: "bob", path: file.path, progress: { progress.record($0) })
            #expect(result.size == Int64(size) && result.name == "file-\(index).bin")
            #expect(progress.last == TransferProgress(done: Int64(size), total: Int64(size)))
            #expect(progress.isMonotonic)
            sent[result.id] = ("file-\(index).bin", file.bytes)
        }

        let events = try await syncUntil(bob) { $0.filter { if case .file = $0 { true } else { false } }.count == Self.sizes.count }
        let files = events.compactMap { if case .file(let f) = $0 { f } else { nil } }
        #expect(files.count == Self.sizes.count)
        for file in files {
            let expected = try #require(sent[file.id])
            #expect(file.sender == "alice" && file.device == alice.deviceId && file.conversation == "alice")
            #expect(file.name == expected.name && file.size == Int64(expected.bytes.count))
            let out = work.path + "/received-" + file.name
            let reference = try await bob.downloadFile(id: file.id, to: out)
            #expect(reference.name == expected.name)
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(expected.bytes))
            // The JSON form of the event.
            let line = ClientEventEncoder.jsonLine(.file(file))
            #expect(line.contains(#""type":"file""#) && line.contains(#""name":"\#(file.name)""#) && line.contains(#""size":\#(file.size)"#))
            #expect(ClientEventEncoder.decode(line: Array(line.utf8)) == .file(file))
        }
        // The sender can fetch its own file again by id.
        let first = try #require(files.last)
        _ = try await alice.downloadFile(id: first.id, to: work.path + "/again.bin")
        #expect(try Data(contentsOf: URL(fileURLWithPath: work.path + "/again.bin")) == Data(try #require(sent[first.id]).bytes))
        // No transfer state or staged file is left behind.
        for home in [aliceHome.path, bobHome.path] {
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: home + "/transfers")) ?? []).isEmpty)
        }
        try await alice.close()
        try await bob.close()

        // The server holds ciphertext only: no window of any plaintext in its database or blob files.
        let stored = try await serverBytes(server, database: database)
        #expect(!stored.isEmpty)
        var hits: [String] = []
        for (_, file) in sent {
            for needle in Self.needles(file.bytes) {
                for (name, data) in stored where data.range(of: needle) != nil { hits.append("\(file.name) in \(name)") }
            }
        }
        #expect(hits.isEmpty, "plaintext found on the server: \(hits)")
    }

    @Test("tampered, truncated-size, wrong-key and missing files give clear errors and leave nothing at the destination")
    func badCiphertext() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let aliceHome = ClientHome(), bobHome = ClientHome(), work = ClientHome()
        try FileManager.default.createDirectory(atPath: work.path, withIntermediateDirectories: true)
        let alice = try await CoveClient.initialize(home: aliceHome.path, server: server.baseURL, username: "alice")
        let bob = try await CoveClient.initialize(home: bobHome.path, server: server.baseURL, username: "bob")
        let file = try Self.makeFile(work.path, name: "secret.bin", size: 200_000)
        let sent = try await alice.sendFile(to: "bob", path: file.path)
        _ = try await syncUntil(bob) { $0.contains { if case .file = $0 { true } else { false } } }
        let reference = try await bob.fileReference(id: sent.id)
        let out = work.path + "/out.bin"

        func expectFailure(_ ref: FileReference, _ code: CoveClientError.Code) async {
            do {
                try await bob.downloadFile(ref, to: out, progress: nil)
                Issue.record("expected \(code)")
            } catch let error as CoveClientError {
                #expect(error.code == code && error.hint != nil, "\(error.code): \(error.message)")
                #expect(!error.message.contains(Data(ref.key).base64EncodedString()))
            } catch {
                Issue.record("unexpected \(error)")
            }
            #expect(!FileManager.default.fileExists(atPath: out))
        }

        // A wrong key (the commitment does not match).
        var wrongKey = reference
        wrongKey.key[0] ^= 1
        await expectFailure(wrongKey, .fileWrongKey)
        // An announced size whose ciphertext length differs from the server's blob.
        var shorter = reference
        shorter.size -= 70_000
        await expectFailure(shorter, .fileTampered)
        // The right key but a different announced hash.
        var otherHash = reference
        otherHash.sha256 = String(repeating: "0", count: 64)
        await expectFailure(otherHash, .fileMismatch)
        // A blob the server does not have.
        var missing = reference
        missing.blobId = "AAAAAAAAAAAAAAAAAAAAAA"
        await expectFailure(missing, .fileMissing)
        // A malformed reference (a name with a directory) is refused before any request.
        var badName = reference
        badName.name = "../etc/passwd"
        await expectFailure(badName, .invalidFileReference)

        // One byte of the stored ciphertext flipped on the server (inside chunk 1).
        let dir = try #require(server.dataDirectory)
        let blobPath = dir + "/blobs/" + reference.blobId.prefix(2) + "/" + reference.blobId
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: blobPath))
        try handle.seek(toOffset: 76 + 65_552 + 100)
        let byte = try #require(try handle.read(upToCount: 1)).first ?? 0
        try handle.seek(toOffset: 76 + 65_552 + 100)
        try handle.write(contentsOf: [byte ^ 0x80])
        try handle.close()
        await expectFailure(reference, .fileTampered)
        // The failed download dropped its partial ciphertext and state.
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: bobHome.path + "/transfers")) ?? []).isEmpty)

        // An unknown id.
        do {
            _ = try await bob.downloadFile(id: "no-such-file", to: out)
            Issue.record("expected file.unknown")
        } catch let error as CoveClientError {
            #expect(error.code == .unknownFile && error.hint != nil)
        }
        try await alice.close()
        try await bob.close()
    }

    @Test("a file over the server's size limit is refused with file.too_large")
    func quota() async throws {
        let server = try await ServerProcess(extraArguments: ["--max-blob-bytes", "100000"])
        defer { server.stop() }
        let aliceHome = ClientHome(), work = ClientHome()
        try FileManager.default.createDirectory(atPath: work.path, withIntermediateDirectories: true)
        let alice = try await CoveClient.initialize(home: aliceHome.path, server: server.baseURL, username: "alice")
        let file = try Self.makeFile(work.path, name: "big.bin", size: 200_000)
        do {
            _ = try await alice.uploadFile(at: file.path, progress: nil)
            Issue.record("expected file.too_large")
        } catch let error as CoveClientError {
            #expect(error.code == .fileTooLarge && error.hint != nil)
        }
        do {
            _ = try await alice.uploadFile(at: work.path + "/does-not-exist", progress: nil)
            Issue.record("expected file.unreadable")
        } catch let error as CoveClientError {
            #expect(error.code == .fileUnreadable)
        }
        try await alice.close()
    }
}

/// Collects progress reports (from any thread).
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [TransferProgress] = []

    func record(_ progress: TransferProgress) {
        lock.lock()
        reports.append(progress)
        lock.unlock()
    }

    var last: TransferProgress? {
        lock.lock()
        defer { lock.unlock() }
        return reports.last
    }

    var isMonotonic: Bool {
        lock.lock()
        defer { lock.unlock() }
        return zip(reports, reports.dropFirst()).allSatisfy { $0.done <= $1.done && $0.total == $1.total }
    }
}
