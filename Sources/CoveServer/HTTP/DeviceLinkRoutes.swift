import CoveProtocol
import Foundation
import Hummingbird

/// Device linking, revocation and group recovery endpoints (see openapi.yaml).
struct DeviceLinkRoutes {
    let service: CoveService

    func register(on v1: RouterGroup<CoveRequestContext>) {
        v1.post("device-links") { request, context in
            let body = try await decode(request, CreateDeviceLinkRequest.self)
            return try json(try await service.createDeviceLink(body, address: context.remoteAddress), status: .created)
        }
        v1.get("device-links") { request, _ in
            try json(try await service.pendingDeviceLinks(caller: try await auth(request)))
        }
        v1.get("device-links/:link") { _, context in
            try json(try await service.deviceLinkStatus(linkId: context.parameters.get("link") ?? ""))
        }
        v1.put("device-links/:link/key-packages") { request, context in
            let body = try await decode(request, UploadKeyPackagesRequest.self)
            return try json(try await service.uploadLinkKeyPackages(linkId: context.parameters.get("link") ?? "", body))
        }
        v1.post("device-links/:link/approve") { request, context in
            let caller = try await auth(request)
            return try json(try await service.approveDeviceLink(caller: caller, linkId: context.parameters.get("link") ?? ""),
                            status: .created)
        }
        v1.delete("devices/:device") { request, context in
            let caller = try await auth(request)
            return try json(try await service.revokeDevice(caller: caller, deviceId: context.parameters.get("device") ?? ""))
        }
        v1.get("groups") { request, _ in
            try json(try await service.groups(caller: try await auth(request)))
        }
        v1.get("groups/:group/group-info") { request, context in
            let caller = try await auth(request)
            guard let raw = context.parameters.get("group"), let id = GroupID(string: raw) else {
                throw APIError(.badRequest, .invalidBase64, "group id must be unpadded base64url of 1-255 bytes")
            }
            return try json(try await service.latestGroupInfo(caller: caller, id: id))
        }
    }

    private func auth(_ request: Request) async throws -> DeviceRecord {
        try await service.authenticate(bearer: Routes.bearer(request.headers))
    }

    private func decode<T: Decodable>(_ request: Request, _ type: T.Type) async throws -> T {
        let buffer = try await request.body.collect(upTo: service.configuration.maxBodySize)
        return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
    }
}
