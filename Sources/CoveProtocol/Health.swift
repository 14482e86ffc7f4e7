/// `GET /health`.
public struct HealthResponse: Hashable, Sendable, Codable {
    public var status: String
    public var version: String
    public init(status: String, version: String) {
        self.status = status
        self.version = version
    }
}
