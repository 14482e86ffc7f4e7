import CoveProtocol
import Foundation
import Hummingbird
import NIOCore

/// Chunked, resumable blob upload, streamed ranged download, and pins (ciphertext only).
struct BlobRoutes {
    let service: CoveService

    func register(on v1: RouterGroup<CoveRequestContext>) {
        v1.post("blobs") { request, context in
            let caller = try await service.authenticate(bearer: Routes.bearer(request.headers))
            let buffer = try await request.body.collect(upTo: service.configuration.maxBodySize)
            let body = try JSONDecoder().decode(CreateBlobRequest.self, from: Data(buffer: buffer))
            return try json(try await service.createBlob(caller: caller, body), status: .created)
        }
        v1.put("blobs/:blob/chunks") { request, context in
            let caller = try await service.authenticate(bearer: Routes.bearer(request.headers))
            let id = try blobID(context)
            guard let raw = request.uri.queryParameters.get("offset"), let offset = Int64(raw), offset >= 0 else {
                throw APIError.invalidField("offset must be a non-negative integer")
            }
            // One chunk in memory at most (maxChunkSize); the blob itself never is.
            let buffer = try await request.body.collect(upTo: service.configuration.maxChunkSize)
            return try json(try await service.appendChunk(caller: caller, blobId: id, offset: offset, bytes: Array(buffer: buffer)))
        }
        v1.get("blobs/:blob") { request, context in
            _ = try await service.authenticate(bearer: Routes.bearer(request.headers))
            guard let blob = try await service.store.blob(id: try blobID(context)) else { throw APIError(StoreError.unknownBlob) }
            return try json(BlobStatus(blobId: blob.id, size: blob.size, received: blob.received, complete: blob.complete))
        }
        v1.get("blobs/:blob/content") { request, context in
            _ = try await service.authenticate(bearer: Routes.bearer(request.headers))
            guard let blob = try await service.store.blob(id: try blobID(context)) else { throw APIError(StoreError.unknownBlob) }
            guard blob.complete else { throw APIError(StoreError.blobState("blob upload is not complete")) }
            let offset = try parameter(request, "offset") ?? 0
            let length = try parameter(request, "length") ?? blob.size
            guard offset <= blob.size else { throw APIError.invalidField("offset is past the end of the blob") }
            let count = min(length, blob.size - offset)
            let store = service.store
            // Streamed: the store hands over one piece at a time (a chunk row or 64 KiB of file).
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"],
                            body: ResponseBody(contentLength: Int(count)) { writer in
                                try await store.readBlob(id: blob.id, offset: offset, length: count) { piece in
                                    try await writer.write(ByteBuffer(bytes: piece))
                                }
                                try await writer.finish(nil)
                            })
        }
        v1.post("blobs/:blob/pin") { request, context in
            let caller = try await service.authenticate(bearer: Routes.bearer(request.headers))
            let id = try blobID(context)
            let buffer = try await request.body.collect(upTo: service.configuration.maxBodySize)
            let body = try JSONDecoder().decode(PinBlobRequest.self, from: Data(buffer: buffer))
            return try json(try await service.pinBlob(caller: caller, blobId: id, group: body.groupId))
        }
        v1.delete("blobs/:blob/pin") { request, context in
            let caller = try await service.authenticate(bearer: Routes.bearer(request.headers))
            let id = try blobID(context)
            guard let raw = request.uri.queryParameters.get("groupId"), let group = GroupID(string: String(raw)) else {
                throw APIError(.badRequest, .invalidBase64, "groupId must be unpadded base64url of 1-255 bytes")
            }
            return try json(try await service.unpinBlob(caller: caller, blobId: id, group: group))
        }
    }

    private func parameter(_ request: Request, _ name: String) throws -> Int64? {
        guard let raw = request.uri.queryParameters.get(name) else { return nil }
        guard let value = Int64(raw), value >= 0 else { throw APIError.invalidField("\(name) must be a non-negative integer") }
        return value
    }

    private func blobID(_ context: CoveRequestContext) throws -> String {
        guard let id = context.parameters.get("blob"), BlobFileStore.validID(id) else {
            throw APIError(StoreError.unknownBlob)
        }
        return id
    }
}
