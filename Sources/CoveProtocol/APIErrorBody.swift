/// The body of every non-2xx response: `{"code": "...", "message": "..."}` plus optional details.
public struct APIErrorBody: Hashable, Sendable, Codable {
    public var code: APIErrorCode
    public var message: String
    /// For ``APIErrorCode/epochConflict``: the group's current epoch.
    public var currentEpoch: UInt64?
    /// For ``APIErrorCode/rateLimited``: seconds to wait.
    public var retryAfter: Int?

    public init(code: APIErrorCode, message: String, currentEpoch: UInt64? = nil, retryAfter: Int? = nil) {
        self.code = code
        self.message = message
        self.currentEpoch = currentEpoch
        self.retryAfter = retryAfter
    }
}
