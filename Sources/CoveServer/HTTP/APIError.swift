import CoveProtocol
import Foundation
import Hummingbird

/// An error answered to the client: HTTP status plus the stable ``APIErrorCode``. The message
/// must never contain secrets, tokens or payload bytes.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var body: APIErrorBody
    /// The `Allow` header of a 405 answer.
    public var allow: String? = nil

    public init(_ status: HTTPResponse.Status, _ code: APIErrorCode, _ message: String, currentEpoch: UInt64? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.body = APIErrorBody(code: code, message: message, currentEpoch: currentEpoch, retryAfter: retryAfter)
    }

    public var code: APIErrorCode { body.code }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(body)) ?? Data(#"{"code":"server.internal","message":"encoding failed"}"#.utf8)
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter = body.retryAfter { headers[.retryAfter] = String(retryAfter) }
        if let allow { headers[.allow] = allow }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func unauthenticated(_ message: String = "missing, unknown or expired bearer token") -> APIError {
        APIError(.unauthorized, .unauthenticated, message)
    }
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, .forbidden, message) }
    static func invalidField(_ message: String) -> APIError { APIError(.badRequest, .invalidField, message) }

    /// The answer for a store refusal.
    init(_ error: StoreError) {
        switch error {
        case .usernameTaken: self.init(.conflict, .usernameTaken, "user name is taken")
        case .deviceKeyTaken: self.init(.conflict, .deviceKeyTaken, "a device with this signature key exists")
        case .unknownDevice(let id): self.init(.notFound, .unknownDevice, "unknown device \(id.prefix(64))")
        case .tooManyKeyPackages: self.init(.conflict, .tooManyKeyPackages, "too many KeyPackages stored for this device")
        case .groupExists: self.init(.conflict, .groupExists, "group exists")
        case .unknownGroup: self.init(.notFound, .unknownGroup, "unknown group")
        case .notMember: self.init(.forbidden, .forbidden, "this device is not a member of the group")
        case .epochConflict(let current):
            self.init(.conflict, .epochConflict, "a commit for this epoch was already accepted; fetch, merge and retry", currentEpoch: current)
        case .epochAhead(let current): self.init(.badRequest, .epochAhead, "epoch is ahead of the group's", currentEpoch: current)
        case .clientMessageIDReused: self.init(.conflict, .clientMessageIDReused, "client message id already used for a different message")
        case .unknownBlob: self.init(.notFound, .unknownBlob, "unknown blob")
        case .blobState(let why): self.init(.conflict, .blobState, why)
        case .blobTooLarge: self.init(.contentTooLarge, .blobTooLarge, "blob exceeds its size, the size limit or the quota")
        case .unknownDeviceLink: self.init(.notFound, .unknownDeviceLink, "unknown device link")
        case .deviceLinkNotPending: self.init(.conflict, .deviceLinkNotPending, "the device link expired or was already approved")
        case .tooManyDeviceLinks: self.init(.conflict, .tooManyDeviceLinks, "too many pending device links for this account")
        case .corrupt: self.init(.internalServerError, .internalError, "internal error")
        }
    }
}
