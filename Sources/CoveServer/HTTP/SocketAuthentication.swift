import CoveProtocol
import HTTPTypes

/// How a WebSocket upgrade request authenticates (see ``SocketFrame`` for the three ways).
enum SocketAuthentication: Equatable {
    /// A bearer token from the `Authorization` header or the `cove.bearer.<token>` subprotocol.
    case bearer(String)
    /// Neither: the first frame must authenticate.
    case firstFrame

    init(_ headers: HTTPFields) {
        if let bearer = Routes.bearer(headers) {
            self = .bearer(bearer)
        } else if let token = Self.offeredProtocols(headers).first(where: { $0.hasPrefix(SocketProtocol.bearerPrefix) }) {
            self = .bearer(String(token.dropFirst(SocketProtocol.bearerPrefix.count)))
        } else {
            self = .firstFrame
        }
    }

    /// The subprotocols the client offers, in order (all `Sec-WebSocket-Protocol` lines).
    static func offeredProtocols(_ headers: HTTPFields) -> [String] {
        headers[values: .secWebSocketProtocol].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The response header selecting `cove.v1` if the client offered it (browsers fail a
    /// connection whose offered subprotocols were all ignored). Never echoes the token.
    static func responseHeaders(_ request: HTTPFields) -> HTTPFields {
        offeredProtocols(request).contains(SocketProtocol.v1) ? [.secWebSocketProtocol: SocketProtocol.v1] : [:]
    }
}
