import CoveProtocol
import Foundation
import Hummingbird
import NIOCore

/// Basic chunked, resumable blob upload and ranged download (ciphertext only).
struct BlobRoutes {
    let service: CoveService

    func register(on v1: RouterGroup<CoveRequestContext>) {
        v1.post("blobs") { request, context in
            let caller = try await service.authenticate(bearer: Routes.bearer(request.headers))
            let buffer = try await request.body.collect(upTo: service.configuration.maxBodySize)
            let body = try JSONDecoder().decode(CreateBlobRequest.self, from: Data(buffer: buffer))
            guard body.size > 0 else { throw APIError.invalidField("size must be positive") }
            guard body.size <= service.configuration.maxBlobSize else {
                throw APIError(.contentTooLarge, .blobTooLarge, "blob exceeds the size limit")
            }
            let id = CoveService.base64url(CoveService.randomBytes(16))
            try await service.store.createBlob(id: id, accountId: caller.accountId, size: body.size,
                                               quota: service.configuration.blobQuota, now: service.clock.nowMillis())
            return try json(BlobStatus(blobId: id, size: body.size, received: 0, complete: false), status: .created)
        }
        v1.put("blobs/:blob/chunks") { request, context in
            let caller = try await service.authenticate(bearer: Routes.bearer(request.headers))
            let id = try blobID(context)
            guard let raw = request.uri.queryParameters.get("offset"), let offset = Int64(raw), offset >= 0 else {
                throw APIError.invalidField("offset must be a non-negative integer")
            }
            let buffer = try await request.body.collect(upTo: service.configuration.maxChunkSize)
            guard buffer.readableBytes > 0 else { throw APIError.invalidField("empty chunk") }
            let blob = try await service.store.appendChunk(id: id, accountId: caller.accountId, offset: offset,
                                                           bytes: Array(buffer: buffer))
            return try json(BlobStatus(blobId: blob.id, size: blob.size, received: blob.received, complete: blob.complete))
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
            let offset = Int64(request.uri.queryParameters.get("offset") ?? "0") ?? -1
            let length = Int64(request.uri.queryParameters.get("length") ?? String(blob.size)) ?? -1
            guard offset >= 0, length >= 0, offset <= blob.size else { throw APIError.invalidField("bad offset or length") }
            let bytes = try await service.store.readBlob(id: blob.id, offset: offset, length: min(length, blob.size - offset, 8 << 20))
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    private func blobID(_ context: CoveRequestContext) throws -> String {
        guard let id = context.parameters.get("blob"), CoveService.validIdentifier(id, max: 64) else {
            throw APIError(StoreError.unknownBlob)
        }
        return id
    }
}
