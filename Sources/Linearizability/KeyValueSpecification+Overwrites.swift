extension KeyValueSpecification {
    /// The marker a dead value becomes in a memoized state: not ASCII, so no value of a key
    /// that has knowledge (all of whose values are ASCII) can equal it.
    static let deadValueMarker = "\u{22A5}"

    /// The most bytes of a key's observed values whose windows are hashed, per append length,
    /// to find the appends that are substrings of none (beyond it, no append of the key is
    /// blind; always sound).
    static let windowBytesMax = 1 << 24

    /// The blind writes and dead values of `operations` (see `Overwrites`): a value is dead when
    /// no completed get of its key returned a value that begins with it (appends only lengthen
    /// it, so no get can see it or anything it becomes); a put is blind when its value is dead,
    /// and an append when its piece occurs in no value a get of its key returned.
    ///
    /// Both are decided by the polynomial hashes `State` keeps (of every prefix of the observed
    /// values, and of every window of them as long as an append): a value not found is certainly
    /// not a prefix or a window, and a collision only makes a dead value look alive. The
    /// contract's three points hold: a get is enabled in no state where its key is dead (its
    /// value is a prefix of itself), an append keeps a dead value dead (were s + a a prefix of an
    /// observed value, so would s be), a put makes the values equal, and deadness depends on the
    /// key's value only. Bytes are compared, which is string equality only for ASCII, so a key with a
    /// value (written or read) that is not ASCII is given no knowledge at all.
    public func overwrites(among operations: [Operation<Input, Output>]) -> Overwrites<State>? {
        var observed = Array(repeating: [[UInt8]](), count: keys.count)
        var ascii = Array(repeating: true, count: keys.count)
        var writes: [(id: Int, key: Int, piece: [UInt8], append: Bool)] = []
        func note(_ key: Int, _ text: String) -> [UInt8] {
            let bytes = Array(text.utf8)
            if !bytes.allSatisfy({ $0 < 0x80 }) { ascii[key] = false }
            return bytes
        }
        for operation in operations {
            switch operation.input {
            case .get(let key):
                guard !operation.isPending, case .value(let seen)? = operation.output else { continue }
                observed[key].append(note(key, seen))
            case .put(let key, let value): writes.append((operation.id, key, note(key, value), false))
            case .append(let key, let value): writes.append((operation.id, key, note(key, value), true))
            }
        }
        var prefixes = [Set<UInt64>?](repeating: nil, count: keys.count)
        var windows = [[Int: Set<UInt64>]?](repeating: nil, count: keys.count)
        let appendLengths = Self.appendLengths(writes.map { ($0.key, $0.piece.count, $0.append) }, keyCount: keys.count)
        for key in keys.indices where ascii[key] {
            var set: Set<UInt64> = []
            for value in observed[key] {
                for hash in Self.prefixHashes(value) { set.insert(hash) }
            }
            prefixes[key] = set
            windows[key] = Self.windowHashes(observed[key], lengths: appendLengths[key])
        }
        var blind: [Int: Int] = [:]
        for write in writes {
            guard let known = prefixes[write.key] else { continue }
            let hash = Entry.hash(of: String(decoding: write.piece, as: UTF8.self)).hash
            if write.append {
                guard let byLength = windows[write.key] else { continue }
                if !(byLength[write.piece.count]?.contains(hash) ?? false) { blind[write.id] = write.key }
            } else if !known.contains(hash) {
                blind[write.id] = write.key
            }
        }
        guard !blind.isEmpty else { return nil }
        let marker = Self.deadValueMarker
        let frozen = prefixes
        return Overwrites(
            blindObjects: blind,
            isDead: { state, key in frozen[key].map { !$0.contains(state.valueHash(of: key)) } ?? false },
            canonical: { state in
                state.replacingValues(with: marker) { key, hash in frozen[key].map { !$0.contains(hash) } ?? false }
            })
    }

    /// Per key, the distinct lengths of its appends' pieces, increasing.
    private static func appendLengths(_ writes: [(key: Int, length: Int, append: Bool)], keyCount: Int) -> [[Int]] {
        var lengths = Array(repeating: Set<Int>(), count: keyCount)
        for write in writes where write.append { lengths[write.key].insert(write.length) }
        return lengths.map { $0.sorted() }
    }

    /// The hashes of every prefix of `bytes`, the empty one (0) first.
    static func prefixHashes(_ bytes: [UInt8]) -> [UInt64] {
        var hashes: [UInt64] = [0]
        hashes.reserveCapacity(bytes.count + 1)
        var hash: UInt64 = 0
        for byte in bytes {
            hash = hash &* Entry.base &+ UInt64(byte) &+ 1
            hashes.append(hash)
        }
        return hashes
    }

    /// Per length, the hashes of every window of that length of the values, or nil when that is
    /// more than `windowBytesMax` bytes of work (then no append is known to be blind).
    private static func windowHashes(_ values: [[UInt8]], lengths: [Int]) -> [Int: Set<UInt64>]? {
        let work = values.reduce(0) { $0 + $1.count + 1 } * max(1, lengths.count)
        guard work <= windowBytesMax else { return nil }
        var result: [Int: Set<UInt64>] = [:]
        for length in lengths { result[length] = [] }
        for value in values {
            let prefix = prefixHashes(value)
            for length in lengths where length <= value.count {
                // h(v[i..<i+L]) = h(v[..<i+L]) - h(v[..<i]) * B^L, modulo 2^64.
                var power: UInt64 = 1
                for _ in 0..<length { power = power &* Entry.base }
                for start in 0...(value.count - length) {
                    result[length]!.insert(prefix[start + length] &- prefix[start] &* power)
                }
            }
        }
        return result
    }
}
