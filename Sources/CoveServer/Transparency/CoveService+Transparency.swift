import CoveProtocol
import CoveTransparency
import Logging

/// Key-transparency endpoints and the inclusion proofs attached to answers that hand out device
/// keys. Reads only: appends happen in the store's device transactions.
extension CoveService {
    /// Largest page of `GET /v1/transparency/entries`.
    public static let maxLogPage: UInt64 = 1000

    public func transparencyKey() async throws -> TransparencyKeyResponse {
        let identity = try await store.logIdentity()
        return TransparencyKeyResponse(origin: String(decoding: identity.origin, as: UTF8.self),
                                       publicKey: Base64Bytes(identity.publicKey.rawRepresentation),
                                       fingerprint: identity.publicKey.fingerprint)
    }

    public func transparencyCheckpoint() async throws -> CheckpointResponse {
        let checkpoint = try await store.latestCheckpoint()
        return CheckpointResponse(checkpoint: Base64Bytes(checkpoint.mlsEncoded), treeSize: checkpoint.checkpoint.size)
    }

    public func consistencyProof(from: UInt64, to: UInt64) async throws -> ConsistencyProofResponse {
        let proof = try await Self.logRange { try await store.consistencyProof(from: from, to: to) }
        return ConsistencyProofResponse(fromSize: from, toSize: to, proof: proof.map(Base64Bytes.init))
    }

    public func inclusionProof(index: UInt64, treeSize: UInt64) async throws -> InclusionProofResponse {
        let (entry, proof) = try await Self.logRange { try await store.inclusionProof(index: index, treeSize: treeSize) }
        return InclusionProofResponse(index: index, treeSize: treeSize, entry: Base64Bytes(entry), proof: proof.map(Base64Bytes.init))
    }

    /// Entries [start, min(end, start + maxLogPage)).
    public func logEntries(start: UInt64, end: UInt64) async throws -> LogEntriesResponse {
        guard start <= end else { throw APIError.invalidField("start must not exceed end") }
        let bounded = min(end, start + Self.maxLogPage)
        let entries = try await Self.logRange { try await store.logEntries(start: start, end: bounded) }
        return LogEntriesResponse(start: start, entries: entries.map(Base64Bytes.init))
    }

    /// A request outside the log (a size beyond the current one, index >= size) is the
    /// client's error.
    private static func logRange<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as TransparencyError where error.code == .indexOutOfRange {
            throw APIError(.badRequest, .logRange, "outside the log: \(error.context)")
        }
    }

    // MARK: proofs in answers

    static func inclusion(_ proof: DeviceInclusion?) -> LogInclusion? {
        proof.map { LogInclusion(index: $0.index, entry: Base64Bytes($0.entry), proof: $0.proof.map(Base64Bytes.init)) }
    }

    /// Adds each device's log entry and inclusion proof, and the checkpoint they are proven
    /// against. The devices were read before: their entries are committed, so the checkpoint
    /// read now covers them.
    func withInclusions(_ list: DeviceList) async throws -> DeviceList {
        let proofs = try await store.deviceInclusions(deviceIds: list.devices.map(\.deviceId))
        var list = list
        list.checkpoint = Base64Bytes(proofs.checkpoint.mlsEncoded)
        for i in list.devices.indices {
            list.devices[i].inclusion = Self.inclusion(proofs.byDevice[list.devices[i].deviceId])
            if list.devices[i].inclusion == nil { Self.missingEntry() }
        }
        return list
    }

    func withInclusions(_ response: ClaimKeyPackagesResponse) async throws -> ClaimKeyPackagesResponse {
        let proofs = try await store.deviceInclusions(deviceIds: response.keyPackages.map(\.deviceId))
        var response = response
        response.checkpoint = Base64Bytes(proofs.checkpoint.mlsEncoded)
        for i in response.keyPackages.indices {
            response.keyPackages[i].inclusion = Self.inclusion(proofs.byDevice[response.keyPackages[i].deviceId])
            if response.keyPackages[i].inclusion == nil { Self.missingEntry() }
        }
        return response
    }

    func withInclusion(_ response: RegisterResponse) async throws -> RegisterResponse {
        let proofs = try await store.deviceInclusions(deviceIds: [response.deviceId])
        var response = response
        response.checkpoint = Base64Bytes(proofs.checkpoint.mlsEncoded)
        response.inclusion = Self.inclusion(proofs.byDevice[response.deviceId])
        if response.inclusion == nil { Self.missingEntry() }
        return response
    }

    /// A listed device without a log entry is a server bug (the insert and the append share a
    /// transaction). The device is answered without a proof, which clients refuse.
    private static func missingEntry() {
        Logger(label: "cove.transparency").error("a device has no transparency log entry")
    }
}
