import AsyncHTTPClient
import CoveProtocol
import Foundation
import NIOCore
import NIOHTTP1

/// The byte-level blob calls (chunk upload, ranged streamed download): the JSON calls of
/// ``ServerAPI`` cover creation and status. Errors as there: transport failures become
/// `server.unreachable`, error bodies ``APIFailure``; no body or token ever goes into an error.
extension ServerAPI {
    /// Deadline of one chunk upload or one ranged download request.
    static let blobRequestTimeout: TimeAmount = .seconds(300)

    /// `PUT /v1/blobs/{id}/chunks?offset=N` with raw bytes.
    func putChunk(blobId: String, offset: Int64, bytes: ByteBuffer, token: String) async throws -> BlobStatus {
        var request = HTTPClientRequest(url: baseURL + "/v1/blobs/\(blobId)/chunks?offset=\(offset)")
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.body = .bytes(bytes)
        let response = try await execute(request)
        var body = try await collect(response)
        return try decodeAnswer(status: Int(response.status.code), body: body.readBytes(length: body.readableBytes) ?? [])
    }

    /// `GET /v1/blobs/{id}/content?offset=&length=`: the answer's body, to be read piece by piece
    /// as it arrives (never the whole range in memory).
    func contentBody(blobId: String, offset: Int64, length: Int64, token: String) async throws -> HTTPClientResponse.Body {
        var request = HTTPClientRequest(url: baseURL + "/v1/blobs/\(blobId)/content?offset=\(offset)&length=\(length)")
        request.method = .GET
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await execute(request)
        guard response.status.code == 200 else {
            var body = try await collect(response)
            let _: IgnoredAnswer = try decodeAnswer(status: Int(response.status.code), body: body.readBytes(length: body.readableBytes) ?? [])
            throw CoveClientError(.notACoveServer, "unexpected answer from \(baseURL)", hint: "check the server URL and versions")
        }
        return response.body
    }

    private var unreachable: CoveClientError {
        CoveClientError(.serverUnreachable, "cannot reach the server at \(baseURL)", hint: "check the server URL and that cove-server is running")
    }

    private func execute(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        do {
            return try await client.execute(request, timeout: Self.blobRequestTimeout)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw unreachable
        }
    }

    private func collect(_ response: HTTPClientResponse) async throws -> ByteBuffer {
        do { return try await response.body.collect(upTo: Self.maxAnswerBytes) } catch { throw unreachable }
    }

    private func decodeAnswer<T: Decodable>(status: Int, body: [UInt8]) throws -> T {
        guard (200..<300).contains(status) else {
            if let error = try? JSONDecoder().decode(APIErrorBody.self, from: Data(body)) {
                throw APIFailure(status: status, body: error)
            }
            throw CoveClientError(.notACoveServer, "\(baseURL) is not a Cove server (HTTP \(status))", hint: "check the server URL")
        }
        do { return try JSONDecoder().decode(T.self, from: Data(body)) } catch {
            throw CoveClientError(.notACoveServer, "unexpected answer from \(baseURL)", hint: "check the server URL and versions")
        }
    }
}
