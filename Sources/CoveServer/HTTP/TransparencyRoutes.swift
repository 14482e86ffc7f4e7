import CoveProtocol
import Hummingbird

/// The key-transparency log's public read API (docs/transparency.md). No authentication:
/// auditors and clients before registration read it; the per-address rate limit applies.
struct TransparencyRoutes {
    let service: CoveService

    func register(on v1: RouterGroup<CoveRequestContext>) {
        v1.get("transparency/key") { _, _ in
            try json(try await service.transparencyKey())
        }
        v1.get("transparency/checkpoint") { _, _ in
            try json(try await service.transparencyCheckpoint())
        }
        v1.get("transparency/consistency") { request, _ in
            let from = try parameter(request, "from"), to = try parameter(request, "to")
            return try json(try await service.consistencyProof(from: from, to: to))
        }
        v1.get("transparency/inclusion") { request, _ in
            let index = try parameter(request, "index"), size = try parameter(request, "size")
            return try json(try await service.inclusionProof(index: index, treeSize: size))
        }
        v1.get("transparency/entries") { request, _ in
            let start = try parameter(request, "start"), end = try parameter(request, "end")
            return try json(try await service.logEntries(start: start, end: end))
        }
    }

    private func parameter(_ request: Request, _ name: String) throws -> UInt64 {
        guard let raw = request.uri.queryParameters.get(name) else { throw APIError.invalidField("\(name) is required") }
        guard let value = UInt64(raw), value <= 1 << 62 else {
            throw APIError.invalidField("\(name) must be an integer in 0...2^62")
        }
        return value
    }
}
