/// The keys of the store in etcd's byte order, each with the slot of its history: a sorted
/// sequence of sorted chunks (a two-level B-tree without the tree), so that inserting a new key
/// moves at most one chunk and a range scan walks chunks in order.
///
/// - Complexity: lookup and insertion O(log n + chunkKeysMax); a scan O(log n + keys visited).
struct OrderedKeyIndex: Sendable {
    /// A full chunk splits in two; chunks emptied by removals are dropped.
    static let chunkKeysMax = 256

    struct Chunk: Sendable {
        var keys: [[UInt8]] = []
        var slots: [Int32] = []
    }

    private(set) var chunks: [Chunk] = []
    private(set) var count = 0

    /// The chunk that holds `key` or would: the last whose first key is at most `key`.
    private func chunkIndex(for key: [UInt8]) -> Int {
        var low = 0
        var high = chunks.count
        while low < high {
            let middle = (low + high) / 2
            if KeyBytes.compare(chunks[middle].keys[0], key) <= 0 { low = middle + 1 } else { high = middle }
        }
        return max(0, low - 1)
    }

    private static func lowerBound(_ keys: [[UInt8]], _ key: [UInt8]) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if KeyBytes.compare(keys[middle], key) < 0 { low = middle + 1 } else { high = middle }
        }
        return low
    }

    mutating func insert(_ key: [UInt8], slot: Int32) {
        if chunks.isEmpty {
            chunks.append(Chunk(keys: [key], slots: [slot]))
            count = 1
            return
        }
        let chunk = chunkIndex(for: key)
        let position = OrderedKeyIndex.lowerBound(chunks[chunk].keys, key)
        precondition(position == chunks[chunk].keys.count || chunks[chunk].keys[position] != key, "a key is inserted once")
        chunks[chunk].keys.insert(key, at: position)
        chunks[chunk].slots.insert(slot, at: position)
        count += 1
        if chunks[chunk].keys.count > OrderedKeyIndex.chunkKeysMax {
            let half = chunks[chunk].keys.count / 2
            let upper = Chunk(keys: Array(chunks[chunk].keys[half...]), slots: Array(chunks[chunk].slots[half...]))
            chunks[chunk].keys.removeSubrange(half...)
            chunks[chunk].slots.removeSubrange(half...)
            chunks.insert(upper, at: chunk + 1)
        }
    }

    mutating func remove(_ key: [UInt8]) {
        guard !chunks.isEmpty else { preconditionFailure("removing a key from an empty index") }
        let chunk = chunkIndex(for: key)
        let position = OrderedKeyIndex.lowerBound(chunks[chunk].keys, key)
        precondition(position < chunks[chunk].keys.count && chunks[chunk].keys[position] == key, "removing a key that is not indexed")
        chunks[chunk].keys.remove(at: position)
        chunks[chunk].slots.remove(at: position)
        count -= 1
        if chunks[chunk].keys.isEmpty { chunks.remove(at: chunk) }
    }

    /// Calls `body` with the slot of every key in `range`, in key order, until it returns false.
    func forEach(in range: KeyRange, _ body: (Int32) -> Bool) {
        guard !chunks.isEmpty else { return }
        var chunk = chunkIndex(for: range.key)
        var position = OrderedKeyIndex.lowerBound(chunks[chunk].keys, range.key)
        let end = range.upperBound
        while chunk < chunks.count {
            let keys = chunks[chunk].keys
            while position < keys.count {
                let key = keys[position]
                if range.isSingleKey {
                    if key != range.key { return }
                } else if let end, KeyBytes.compare(key, end) >= 0 {
                    return
                }
                if !body(chunks[chunk].slots[position]) { return }
                if range.isSingleKey { return }
                position += 1
            }
            chunk += 1
            position = 0
        }
    }

    /// Every slot in key order.
    var allSlots: [Int32] { chunks.flatMap(\.slots) }

    func checkInvariants() {
        var previous: [UInt8]?
        var seen = 0
        for chunk in chunks {
            precondition(!chunk.keys.isEmpty && chunk.keys.count <= OrderedKeyIndex.chunkKeysMax, "chunks are neither empty nor over-full")
            precondition(chunk.keys.count == chunk.slots.count, "a slot per key")
            for key in chunk.keys {
                if let previous { precondition(KeyBytes.compare(previous, key) < 0, "keys are sorted and distinct") }
                previous = key
            }
            seen += chunk.keys.count
        }
        precondition(seen == count, "the count is the number of keys")
    }
}
