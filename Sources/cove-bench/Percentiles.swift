/// Nearest-rank percentiles of a sample, in milliseconds.
struct Percentiles: Sendable {
    private let sorted: [Double]

    init(_ values: [Double]) { sorted = values.sorted() }

    var count: Int { sorted.count }

    /// The smallest value with at least p% of the sample at or below it; nil for an empty sample.
    func value(_ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }

    var max: Double? { sorted.last }
}
