import CoveProtocol
import Foundation
import Hummingbird
import NIOCore

/// The HTTP API (see Resources/openapi.yaml, the contract).
struct Routes {
    let service: CoveService
    let openAPI: ByteBuffer
    let metrics: @Sendable () -> String

    func register(on router: Router<CoveRequestContext>) {
        router.get("/health") { _, _ in
            try json(HealthResponse(status: "ok", version: CoveServerInfo.version))
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics())))
        }
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: openAPI))
        }

        let v1 = router.group("v1")
        // Accounts and devices
        v1.post("accounts") { request, context in
            try json(try await service.register(try await decode(request, context, RegisterRequest.self)), status: .created)
        }
        v1.post("devices") { request, context in
            let caller = try await auth(request)
            return try json(try await service.addDevice(caller: caller, try await decode(request, context, AddDeviceRequest.self)), status: .created)
        }
        v1.get("devices") { request, _ in
            try json(try await service.ownDevices(caller: try await auth(request)))
        }
        v1.get("users/:username/devices") { request, context in
            _ = try await auth(request)
            return try json(try await service.userDevices(username: context.parameters.get("username") ?? ""))
        }
        // Authentication
        v1.post("auth/challenge") { request, context in
            try json(try await service.challenge(try await decode(request, context, ChallengeRequest.self)))
        }
        v1.post("auth/token") { request, context in
            try json(try await service.token(try await decode(request, context, TokenRequest.self)))
        }
        // Key directory
        v1.post("key-packages") { request, context in
            let caller = try await auth(request)
            return try json(try await service.uploadKeyPackages(caller: caller, try await decode(request, context, UploadKeyPackagesRequest.self)))
        }
        v1.get("key-packages/count") { request, _ in
            try json(try await service.keyPackageCount(caller: try await auth(request)))
        }
        v1.post("key-packages/claim") { request, context in
            let caller = try await auth(request)
            return try json(try await service.claimKeyPackages(caller: caller, try await decode(request, context, ClaimKeyPackagesRequest.self)))
        }
        // Groups and delivery
        v1.post("groups") { request, context in
            let caller = try await auth(request)
            return try json(try await service.createGroup(caller: caller, try await decode(request, context, CreateGroupRequest.self)), status: .created)
        }
        v1.get("groups/:group") { request, context in
            let caller = try await auth(request)
            return try json(try await service.group(caller: caller, id: try groupID(context)))
        }
        v1.post("groups/:group/commits") { request, context in
            let caller = try await auth(request)
            let group = try groupID(context)
            return try json(try await service.submitCommit(caller: caller, group: group, try await decode(request, context, SubmitCommitRequest.self)))
        }
        v1.post("groups/:group/messages") { request, context in
            let caller = try await auth(request)
            let group = try groupID(context)
            return try json(try await service.submitMessage(caller: caller, group: group, try await decode(request, context, SubmitMessageRequest.self)))
        }
        v1.get("messages") { request, _ in
            let caller = try await auth(request)
            let after = try intParameter(request, "after") ?? 0
            let limit = try intParameter(request, "limit") ?? 100
            return try json(try await service.fetch(caller: caller, afterSeq: after, limit: Int(limit)))
        }
        v1.post("messages/ack") { request, context in
            let caller = try await auth(request)
            return try json(try await service.ack(caller: caller, try await decode(request, context, AckRequest.self)))
        }
        // Reached only when the WebSocket upgrade was refused.
        v1.get("ws") { request, _ -> Response in
            _ = try await auth(request)
            throw APIError(.upgradeRequired, .invalidField, "use a WebSocket upgrade")
        }
        BlobRoutes(service: service).register(on: v1)
        DeviceLinkRoutes(service: service).register(on: v1)
        TransparencyRoutes(service: service).register(on: v1)
    }

    private func auth(_ request: Request) async throws -> DeviceRecord {
        try await service.authenticate(bearer: Self.bearer(request.headers))
    }

    static func bearer(_ headers: HTTPFields) -> String? {
        guard let value = headers[.authorization], value.hasPrefix("Bearer ") else { return nil }
        return String(value.dropFirst("Bearer ".count))
    }

    private func decode<T: Decodable>(_ request: Request, _ context: CoveRequestContext, _ type: T.Type) async throws -> T {
        let buffer = try await request.body.collect(upTo: service.configuration.maxBodySize)
        return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
    }

    private func groupID(_ context: CoveRequestContext) throws -> GroupID {
        guard let raw = context.parameters.get("group"), let id = GroupID(string: raw) else {
            throw APIError(.badRequest, .invalidBase64, "group id must be unpadded base64url of 1-255 bytes")
        }
        return id
    }

    private func intParameter(_ request: Request, _ name: String) throws -> Int64? {
        guard let raw = request.uri.queryParameters.get(name) else { return nil }
        guard let value = Int64(raw), value >= 0 else { throw APIError.invalidField("\(name) must be a non-negative integer") }
        return value
    }
}

func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return Response(status: status, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
}

/// Build facts.
public enum CoveServerInfo {
    public static let version = "0.1.0"
}
