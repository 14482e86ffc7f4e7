import CoveProtocol
import CoveTransparency
import Foundation

/// Reads a Cove server's key-transparency log over its public endpoints (no account needed):
/// the pinned key, the newest checkpoint, consistency proofs and entry ranges. Used by the SDK's
/// monitor and by `cove audit` (it is an `AuditLogSource`). Answers are not trusted: callers verify
/// them with `LogVerifier` / `Auditor`.
public struct TransparencyLogReader: AuditLogSource {
    let api: ServerAPI
    /// Largest range asked for at once (the server answers at most 1000 per page).
    static let page: UInt64 = 1000

    /// - Throws: `client.invalid_server_url`.
    public init(server: String) throws {
        api = try ServerAPI(url: server)
    }

    init(api: ServerAPI) { self.api = api }

    /// The log's identity, `GET /v1/transparency/key`; the fingerprint is recomputed locally,
    /// never taken from the server.
    public func logKey() async throws -> (origin: [UInt8], publicKey: LogPublicKey) {
        let answer: TransparencyKeyResponse = try await get("/v1/transparency/key")
        do {
            let key = try LogPublicKey(rawRepresentation: answer.publicKey.bytes)
            guard key.fingerprint == answer.fingerprint, !answer.origin.isEmpty else {
                throw CoveClientError(.transparencyUnavailable, "the server's log key does not match the fingerprint it announces")
            }
            return (Array(answer.origin.utf8), key)
        } catch let error as TransparencyError {
            throw CoveClientError.transparency(error, "the server's log key")
        }
    }

    /// The newest signed checkpoint (unverified).
    public func checkpoint() async throws -> SignedCheckpoint {
        let answer: CheckpointResponse = try await get("/v1/transparency/checkpoint")
        do { return try SignedCheckpoint.decode(answer.checkpoint.bytes) } catch {
            throw CoveClientError.transparency(error, "the log's checkpoint")
        }
    }

    /// PROOF(from, D[to]).
    public func consistencyProof(from: UInt64, to: UInt64) async throws -> [[UInt8]] {
        guard from > 0, from < to else { return [] }
        let answer: ConsistencyProofResponse = try await get("/v1/transparency/consistency?from=\(from)&to=\(to)")
        guard answer.fromSize == from, answer.toSize == to else {
            throw CoveClientError(.transparencyInconsistent, "the log answered a consistency proof for other sizes")
        }
        return answer.proof.map(\.bytes)
    }

    /// Encoded entries of [start, end), fetched page by page.
    public func allEntries(start: UInt64, end: UInt64) async throws -> [[UInt8]] {
        var result: [[UInt8]] = []
        var position = start
        while position < end {
            let answer: LogEntriesResponse = try await get("/v1/transparency/entries?start=\(position)&end=\(min(end, position + Self.page))")
            guard answer.start == position, !answer.entries.isEmpty, UInt64(answer.entries.count) <= end - position else {
                throw CoveClientError(.transparencyUnavailable, "the log answered a wrong range of entries")
            }
            result += answer.entries.map(\.bytes)
            position += UInt64(answer.entries.count)
        }
        return result
    }

    // MARK: AuditLogSource

    public func latestCheckpoint() async throws(TransparencyError) -> SignedCheckpoint {
        do { return try await checkpoint() } catch { throw Self.sourceError(error) }
    }

    public func entries(start: UInt64, end: UInt64) async throws(TransparencyError) -> [[UInt8]] {
        do {
            let answer: LogEntriesResponse = try await get("/v1/transparency/entries?start=\(start)&end=\(min(end, start + Self.page))")
            guard answer.start == start else { throw TransparencyError(.storage, "entries answered from \(answer.start), asked \(start)") }
            return answer.entries.map(\.bytes)
        } catch { throw Self.sourceError(error) }
    }

    static func sourceError(_ error: any Error) -> TransparencyError {
        if let error = error as? TransparencyError { return error }
        if let error = error as? CoveClientError { return TransparencyError(.storage, error.message) }
        return TransparencyError(.storage, "the log server failed")
    }

    func get<T: Decodable>(_ path: String) async throws -> T {
        do { return try await api.call(.GET, path, json: nil) } catch let failure as APIFailure {
            throw failure.clientError
        }
    }
}

/// Serves an audit from entries already downloaded, so the entries the monitor inspects are
/// exactly the ones the auditor hashed into the verified tree.
struct PrefetchedLogSource: AuditLogSource {
    let head: SignedCheckpoint
    let start: UInt64
    let downloaded: [[UInt8]]

    func latestCheckpoint() async throws(TransparencyError) -> SignedCheckpoint { head }

    func entries(start from: UInt64, end: UInt64) async throws(TransparencyError) -> [[UInt8]] {
        guard from >= start, end >= from, end - start <= UInt64(downloaded.count) else {
            throw TransparencyError(.storage, "range [\(from), \(end)) not downloaded")
        }
        return Array(downloaded[Int(from - start)..<Int(end - start)])
    }
}
