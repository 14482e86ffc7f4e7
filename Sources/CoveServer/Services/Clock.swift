import Foundation

/// The server's notion of now, injected so tests control time. Unix milliseconds.
public struct ServerClock: Sendable {
    public var nowMillis: @Sendable () -> Int64

    public init(nowMillis: @escaping @Sendable () -> Int64) { self.nowMillis = nowMillis }

    public static let system = ServerClock { Int64(Date().timeIntervalSince1970 * 1000) }
}

extension Duration {
    var milliseconds: Int64 {
        let (s, atto) = components
        return s * 1000 + atto / 1_000_000_000_000_000
    }
}
