import CoveProtocol
import Hummingbird
import Logging
import NIOCore

/// Turns every failure into `{"code","message"}` with the right status, counts responses by
/// status, and applies the per-address rate limit. Logs carry method, path template and status,
/// never headers (tokens) or bodies.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = CoveRequestContext
    let service: CoveService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            if request.uri.path != "/health" && request.uri.path != "/metrics" {
                try await service.limitAddress(context.remoteAddress)
            }
            let response = try await next(request, context)
            ServerMetrics.request(status: response.status.code)
            return response
        } catch {
            var apiError = Self.apiError(for: error)
            if apiError.status == .notFound, apiError.code == .notFound,
               let methods = DocumentedRoutes.shared.methods(for: request.uri.path), !methods.isEmpty,
               !methods.contains(request.method.rawValue) {
                // A documented path, another method: 405 with the methods it has.
                apiError = APIError(.methodNotAllowed, .methodNotAllowed, "method not allowed; allowed: \(methods.joined(separator: ", "))")
                apiError.allow = methods.joined(separator: ", ")
            }
            ServerMetrics.request(status: apiError.status.code)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: [
                    "method": .string(request.method.rawValue), "route": .string(context.endpointPath ?? "-"),
                    "error": .string(String(describing: type(of: error))),
                ])
            }
            return try apiError.response(from: request, context: context)
        }
    }

    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as StoreError: return APIError(e)
        case is NIOTooManyBytesError: return APIError(.contentTooLarge, .bodyTooLarge, "request body too large")
        case let e as DecodingError: return decodingError(e)
        case let e as HTTPError:
            switch e.status {
            case .notFound: return APIError(.notFound, .notFound, "no such endpoint")
            case .methodNotAllowed: return APIError(.methodNotAllowed, .methodNotAllowed, "method not allowed")
            case .contentTooLarge: return APIError(.contentTooLarge, .bodyTooLarge, "request body too large")
            case .badRequest: return APIError(.badRequest, .invalidField, "bad request")
            default:
                if e.status.code < 500 { return APIError(e.status, .invalidField, "request refused") }
                return APIError(.internalServerError, .internalError, "internal error")
            }
        default: return APIError(.internalServerError, .internalError, "internal error")
        }
    }

    static func decodingError(_ error: DecodingError) -> APIError {
        switch error {
        case .dataCorrupted(let ctx):
            if ctx.debugDescription == Base64Bytes.invalidBase64Description {
                return APIError(.badRequest, .invalidBase64, "\(path(ctx)) is not valid base64")
            }
            if ctx.codingPath.isEmpty { return APIError(.badRequest, .malformedJSON, "body is not valid JSON") }
            return APIError(.badRequest, .invalidField, "\(path(ctx)) is invalid")
        case .keyNotFound(let key, let ctx):
            return APIError(.badRequest, .invalidField, "missing field \(path(ctx, key))")
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            return APIError(.badRequest, .invalidField, "\(path(ctx)) has the wrong type")
        @unknown default:
            return APIError(.badRequest, .invalidField, "invalid body")
        }
    }

    private static func path(_ ctx: DecodingError.Context, _ extra: (any CodingKey)? = nil) -> String {
        let keys = ctx.codingPath + (extra.map { [$0] } ?? [])
        let p = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return p.isEmpty ? "body" : String(p.prefix(128))
    }
}
