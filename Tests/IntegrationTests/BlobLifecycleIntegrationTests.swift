import CoveFileCrypto
import CoveProtocol
import Foundation
import Testing

/// Blobs through a live SQLite cove-server: bytes in files under --data, uploads that resume
/// after kill -9, streamed ranges, quota and size limits, garbage collection, no plaintext.
@Suite("Blob lifecycle against a live cove-server", .serialized)
struct BlobLifecycleIntegrationTests {
    static func put(_ device: TestDevice, _ blobId: String, _ bytes: ArraySlice<UInt8>, offset: Int) async throws -> HTTPAnswer {
        try await device.http.send("PUT", "/v1/blobs/\(blobId)/chunks?offset=\(offset)", raw: Data(bytes), token: device.token,
                                   contentType: "application/octet-stream")
    }

    static func files(under dir: String) -> [String] {
        var out: [String] = []
        if let e = FileManager.default.enumerator(atPath: dir) { while let f = e.nextObject() as? String { out.append(dir + "/" + f) } }
        return out
    }

    @Test("an encrypted file: upload interrupted by kill -9 resumes; ranges; quota; the data directory holds no plaintext")
    func uploadResumeRangesQuota() async throws {
        let limits = ["--blob-quota-bytes", "300000", "--max-blob-bytes", "250000"]
        let first = try await ServerProcess(extraArguments: limits)
        first.removeDataOnDeinit = false
        let dir = try #require(first.dataDirectory)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var alice = try await TestDevice.register(HTTP(baseURL: first.baseURL), username: "alice")

        // The client encrypts (CoveFileCrypto); the server only ever sees the ciphertext.
        let marker = "COVE-FILE-PLAINTEXT-\(UUID().uuidString)|"
        let plaintext = Array(String(repeating: marker, count: 150_000 / marker.utf8.count).utf8)
        let key = FileKey.generate()
        let ciphertext = try FileCrypto.encrypt(plaintext, key: key)
        let created = try await alice.send("POST", "/v1/blobs", json: CreateBlobRequest(size: Int64(ciphertext.count)))
        #expect(created.status == 201)
        let blobId = try created.decode(BlobStatus.self).blobId
        let chunk = 64 << 10
        #expect(try await Self.put(alice, blobId, ciphertext[0..<chunk], offset: 0).status == 200)

        // The server dies mid-upload; the acknowledged chunk survived.
        first.kill9()
        let second = try await ServerProcess(dataDirectory: dir, extraArguments: limits)
        defer { second.stop() }
        alice = TestDevice(http: HTTP(baseURL: second.baseURL), key: alice.key, username: alice.username, accountId: alice.accountId,
                           deviceId: alice.deviceId, token: alice.token)
        let status = try await alice.send("GET", "/v1/blobs/\(blobId)").decode(BlobStatus.self)
        #expect(status.received == Int64(chunk) && !status.complete)
        var offset = Int(status.received)
        while offset < ciphertext.count {
            let end = min(offset + chunk, ciphertext.count)
            let answer = try await Self.put(alice, blobId, ciphertext[offset..<end], offset: offset)
            #expect(answer.status == 200)
            offset = end
        }
        #expect(try await alice.send("GET", "/v1/blobs/\(blobId)").decode(BlobStatus.self).complete)

        // Ranges (streamed by the server) and the whole blob, which decrypts to the file.
        let range = try await alice.send("GET", "/v1/blobs/\(blobId)/content?offset=1000&length=100000")
        #expect(range.status == 200 && Array(range.body) == Array(ciphertext[1000..<101_000]))
        let tail = try await alice.send("GET", "/v1/blobs/\(blobId)/content?offset=\(ciphertext.count - 10)&length=1000")
        #expect(Array(tail.body) == Array(ciphertext.suffix(10)))
        let whole = try await alice.send("GET", "/v1/blobs/\(blobId)/content")
        #expect(try FileCrypto.decrypt(Array(whole.body), key: key) == plaintext)
        let past = try await alice.send("GET", "/v1/blobs/\(blobId)/content?offset=\(ciphertext.count + 1)")
        #expect(past.status == 400 && past.code == "request.invalid_field")

        // Size limit and quota (about 150 kB of 300 kB used).
        let tooBig = try await alice.send("POST", "/v1/blobs", json: CreateBlobRequest(size: 250_001))
        #expect(tooBig.status == 413 && tooBig.code == "blob.too_large")
        let overQuota = try await alice.send("POST", "/v1/blobs", json: CreateBlobRequest(size: 200_000))
        #expect(overQuota.status == 413 && overQuota.code == "blob.too_large")
        #expect(try await alice.send("POST", "/v1/blobs", json: CreateBlobRequest(size: 100_000)).status == 201)

        // The bytes are a file under --data/blobs, and nothing under --data holds the plaintext.
        #expect(second.stop() == 0)
        let blobFile = dir + "/blobs/" + String(blobId.prefix(2)) + "/" + blobId
        #expect(FileManager.default.contents(atPath: blobFile).map(Array.init) == ciphertext)
        let all = Self.files(under: dir)
        #expect(all.contains(blobFile) && all.contains { $0.hasSuffix("cove.sqlite") })
        for file in all {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            #expect(data.range(of: Data(marker.utf8)) == nil, "plaintext found in \(file)")
            #expect(data.range(of: Data(plaintext[0..<32])) == nil, "plaintext found in \(file)")
        }
    }

    @Test("garbage collection: loose blobs go after the grace period; queued messages and pins keep theirs until acked/unpinned")
    func collection() async throws {
        let server = try await ServerProcess(extraArguments: ["--blob-grace-seconds", "4", "--blob-collection-interval-seconds", "1"])
        defer { server.stop() }
        let http = HTTP(baseURL: server.baseURL)
        let alice = try await TestDevice.register(http, username: "alice")
        let bob = try await TestDevice.register(http, username: "bob")
        let mallory = try await TestDevice.register(http, username: "mallory")
        let gid = MLSFixtures.random(16)
        #expect(try await alice.send("POST", "/v1/groups", json: CreateGroupRequest(groupId: GroupID(gid))).status == 201)
        #expect(try await alice.send("POST", groupPath(gid) + "/commits", json: SubmitCommitRequest(
            clientMessageId: "c1", commit: Base64Bytes(MLSFixtures.commit(group: gid, epoch: 0, adds: [try MLSFixtures.keyPackage(for: bob)])),
            welcome: Base64Bytes(MLSFixtures.welcome()), addedDeviceIds: [bob.deviceId])).status == 200)
        func upload(_ bytes: [UInt8]) async throws -> String {
            let id = try await alice.send("POST", "/v1/blobs", json: CreateBlobRequest(size: Int64(bytes.count))).decode(BlobStatus.self).blobId
            #expect(try await Self.put(alice, id, bytes[...], offset: 0).status == 200)
            return id
        }
        let loose = try await upload(MLSFixtures.random(100))
        let attached = try await upload(MLSFixtures.random(100))
        let pinned = try await upload(MLSFixtures.random(100))
        let sent = try await alice.send("POST", groupPath(gid) + "/messages", json: SubmitMessageRequest(
            clientMessageId: "file-1", message: Base64Bytes(MLSFixtures.application(group: gid, epoch: 1, ciphertext: [1])),
            blobIds: [attached]))
        #expect(sent.status == 200)
        let unknownRef = try await alice.send("POST", groupPath(gid) + "/messages", json: SubmitMessageRequest(
            clientMessageId: "file-2", message: Base64Bytes(MLSFixtures.application(group: gid, epoch: 1, ciphertext: [2])),
            blobIds: ["AAAAAAAAAAAAAAAAAAAAAA"]))
        #expect(unknownRef.status == 404 && unknownRef.code == "blob.unknown")
        let pin = try await bob.send("POST", "/v1/blobs/\(pinned)/pin", json: PinBlobRequest(groupId: GroupID(gid)))
        let pinStatus = try pin.decode(BlobPinStatus.self)
        #expect(pin.status == 200 && pinStatus.pinned)
        let foreignPin = try await mallory.send("POST", "/v1/blobs/\(loose)/pin", json: PinBlobRequest(groupId: GroupID(gid)))
        #expect(foreignPin.status == 403 && foreignPin.code == "auth.forbidden")

        func exists(_ id: String) async throws -> Bool {
            let answer = try await alice.send("GET", "/v1/blobs/\(id)")
            return answer.status == 200
        }
        /// Polls until `id` is collected (bounded, so a bug fails instead of hanging).
        func waitCollected(_ id: String) async throws -> Bool {
            for _ in 0..<300 {
                if try await !exists(id) { return true }
                try await Task.sleep(for: .milliseconds(100))
            }
            return false
        }
        #expect(try await waitCollected(loose), "the unreferenced blob is collected")
        let attachedStays = try await exists(attached), pinnedStays = try await exists(pinned)
        #expect(attachedStays && pinnedStays, "referenced blobs stay")
        // Bob acknowledges the message: its attachment is unreferenced and goes; the pin holds.
        let queue = try await bob.fetch()
        try await bob.ack(queue)
        #expect(try await waitCollected(attached))
        #expect(try await exists(pinned))
        let unpin = try await bob.http.send("DELETE", "/v1/blobs/\(pinned)/pin?groupId=\(GroupID(gid).string)", token: bob.token)
        let unpinStatus = try unpin.decode(BlobPinStatus.self)
        #expect(unpin.status == 200 && !unpinStatus.pinned)
        #expect(try await waitCollected(pinned))
        // The quota they held is free again.
        let files = Self.files(under: try #require(server.dataDirectory) + "/blobs").filter { !$0.hasSuffix("/") }
        #expect(!files.contains { $0.hasSuffix(loose) || $0.hasSuffix(attached) || $0.hasSuffix(pinned) })
    }
}
