/// An array kept in fixed-size chunks, each its own copy-on-write buffer, so that copying it and
/// then writing one element copies one chunk and the list of chunks, not every element.
///
/// The ratchet tree stores its nodes and their cached hashes in it. Every commit installs a path
/// into a copy of the current epoch's tree (the old tree stays with the past epoch and with any
/// other holder of the group value): with one flat array that copy retained all 2n - 1 nodes and
/// freeing it released them again, the largest O(n) cost of commit processing and creation at
/// 10,000 members. With chunks of 64 a path of d nodes copies about n / 32 chunk references plus
/// at most d chunks. Reading an element costs one more index computation than an array.
struct ChunkedArray<Element> {
    /// log2 of the chunk size.
    private static var shift: Int { 6 }
    private static var chunkSize: Int { 1 << shift }
    private static var mask: Int { chunkSize - 1 }

    /// Every chunk but the last holds exactly `chunkSize` elements; the last holds 1 to
    /// `chunkSize` elements (there is no empty chunk).
    private var chunks: [[Element]]
    /// The number of elements.
    private(set) var count: Int

    init() {
        chunks = []
        count = 0
    }

    init(repeating element: Element, count: Int) {
        self.init()
        append(repeating: element, count: count)
    }

    init<S: Sequence>(_ elements: S) where S.Element == Element {
        self.init()
        append(contentsOf: elements)
    }

    mutating func append(_ element: Element) {
        if count & Self.mask == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        for element in elements { append(element) }
    }

    mutating func append(repeating element: Element, count added: Int) {
        for _ in 0..<Swift.max(0, added) { append(element) }
    }

    /// Removes the last `k` elements (all of them if `k` exceeds the count).
    mutating func removeLast(_ k: Int) {
        let remaining = Swift.max(0, count - Swift.max(0, k))
        let chunksNeeded = (remaining + Self.mask) >> Self.shift
        chunks.removeLast(chunks.count - chunksNeeded)
        let inLast = remaining & Self.mask
        if inLast != 0 { chunks[chunks.count - 1].removeLast(chunks[chunks.count - 1].count - inLast) }
        count = remaining
    }

    /// Calls `body` with each chunk's elements in order, and the index of the chunk's first
    /// element, until `body` returns a value; returns that value. For scans that must not pay
    /// a bounds check per element.
    func firstInChunks<R>(_ body: (_ base: Int, _ chunk: UnsafeBufferPointer<Element>) throws -> R?) rethrows -> R? {
        for (number, chunk) in chunks.enumerated() {
            if let result = try chunk.withUnsafeBufferPointer({ try body(number << Self.shift, $0) }) { return result }
        }
        return nil
    }
}

extension ChunkedArray: RandomAccessCollection, MutableCollection {
    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(position: Int) -> Element {
        get { chunks[position >> Self.shift][position & Self.mask] }
        // Nested in-place writes: a shared list of chunks is copied (n / 64 references), then
        // the one chunk holding `position` if it is shared; no other element is copied.
        set { chunks[position >> Self.shift][position & Self.mask] = newValue }
    }
}

extension ChunkedArray: Equatable where Element: Equatable {
    static func == (lhs: ChunkedArray, rhs: ChunkedArray) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }
}

extension ChunkedArray: Hashable where Element: Hashable {
    func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for element in self { hasher.combine(element) }
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
