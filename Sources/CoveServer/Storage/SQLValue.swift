/// A value bound to or read from SQL, independent of the backend.
public enum SQLValue: Hashable, Sendable {
    case int(Int64)
    case text(String)
    case blob([UInt8])
    case null

    public var int: Int64? { if case .int(let v) = self { v } else { nil } }
    public var text: String? { if case .text(let v) = self { v } else { nil } }
    public var blob: [UInt8]? { if case .blob(let v) = self { v } else { nil } }
}

/// One result row, by column position (queries list their columns explicitly).
public typealias SQLRow = [SQLValue]

extension Array where Element == SQLValue {
    func int(_ i: Int) throws(StoreError) -> Int64 {
        guard i < count, let v = self[i].int else { throw .corrupt("column \(i) is not an integer") }
        return v
    }
    func text(_ i: Int) throws(StoreError) -> String {
        guard i < count, let v = self[i].text else { throw .corrupt("column \(i) is not text") }
        return v
    }
    func blob(_ i: Int) throws(StoreError) -> [UInt8] {
        guard i < count else { throw .corrupt("column \(i) missing") }
        if let v = self[i].blob { return v }
        if case .null = self[i] { return [] }
        throw .corrupt("column \(i) is not a blob")
    }
}
