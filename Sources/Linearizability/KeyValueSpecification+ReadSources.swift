extension KeyValueSpecification {
    /// The longest observed value, in bytes, whose suffixes are looked up among the appends;
    /// a longer one is given no source (always sound: a read without a source constrains
    /// nothing).
    static let sourceValueBytesMax = 512

    /// The gets whose value only one chain of writes of the key can have left: the state before
    /// a get is its value, and the writes of the key before it, from the last put (or from the
    /// empty start), build it: a put of a prefix, then appends of the following pieces in order.
    /// When exactly one chain of distinct writes, pending ones included, builds the value, those
    /// writes are the last ones of the key before the get, in that order.
    ///
    /// Values are compared as bytes, which is Swift's string equality only for ASCII (canonical
    /// equivalence makes "\u{212A}" equal "K"); a key with any non-ASCII value gets no sources.
    /// Gets of "" get none either (the empty map, or a put of "", would explain them).
    public func readSources(among operations: [Operation<Input, Output>]) -> ReadSources? {
        var keyOrder: [Int] = []
        var writesOfKey: [Int: [Int]] = [:]
        var readsOfKey: [Int: [Int]] = [:]
        for (index, operation) in operations.enumerated() {
            switch operation.input {
            case .get(let key):
                guard !operation.isPending, case .value(let seen)? = operation.output, !seen.isEmpty else { continue }
                if writesOfKey[key] == nil && readsOfKey[key] == nil { keyOrder.append(key) }
                readsOfKey[key, default: []].append(index)
            case .put(let key, _), .append(let key, _):
                if writesOfKey[key] == nil && readsOfKey[key] == nil { keyOrder.append(key) }
                writesOfKey[key, default: []].append(index)
            }
        }
        var groups: [[Int]] = []
        var sources: [ReadSources.Source] = []
        for key in keyOrder {
            let writes = writesOfKey[key] ?? []
            let reads = readsOfKey[key] ?? []
            guard !reads.isEmpty, let found = Self.sources(operations, writes: writes, reads: reads, group: groups.count) else {
                continue
            }
            groups.append(writes.filter { !operations[$0].isPending })
            sources += found
        }
        return sources.isEmpty ? nil : ReadSources(groups: groups, sources: sources)
    }

    /// The sources of one key's reads, or nil when a value of the key is not ASCII.
    private static func sources(
        _ operations: [Operation<Input, Output>], writes: [Int], reads: [Int], group: Int
    ) -> [ReadSources.Source]? {
        var puts: [ArraySlice<UInt8>: [Int]] = [:]
        var appends: [ArraySlice<UInt8>: [Int]] = [:]
        for index in writes {
            switch operations[index].input {
            case .put(_, let value):
                guard value.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
                puts[ArraySlice(value.utf8), default: []].append(index)
            case .append(_, let value):
                guard value.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
                appends[ArraySlice(value.utf8), default: []].append(index)
            case .get: preconditionFailure("a write list holds writes")
            }
        }
        // An append of "" fits anywhere in any value: no chain is then unique.
        if appends[[]] != nil { return nil }
        // Only pieces of these lengths can be looked up with success (a handful of lengths, so a
        // value costs a few look-ups per byte rather than one per suffix).
        let putLengths = Set(puts.keys.map(\.count))
        let appendLengths = Array(Set(appends.keys.map(\.count))).sorted()
        var result: [ReadSources.Source] = []
        for reader in reads {
            guard case .value(let seen)? = operations[reader].output else { preconditionFailure("a read with a value") }
            let bytes = Array(seen.utf8)
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard bytes.count <= sourceValueBytesMax else { continue }
            var decomposer = Decomposer(
                bytes: bytes, puts: puts, appends: appends, putLengths: putLengths, appendLengths: appendLengths)
            decomposer.search(end: bytes.count, chain: [])
            guard !decomposer.exhausted, decomposer.found.count == 1 else { continue }
            let chain = decomposer.found[0]
            guard chain.allSatisfy({ !operations[$0].isPending }) else { continue }
            result.append(ReadSources.Source(writers: chain, reader: reader, group: group))
        }
        return result
    }

    /// Every way (up to two) of building a value from a put of a prefix (or the empty start)
    /// and appends of the pieces after it, each write used once; `stepsMax` bounds the work.
    private struct Decomposer {
        static let stepsMax = 4_096
        let bytes: [UInt8]
        let puts: [ArraySlice<UInt8>: [Int]]
        let appends: [ArraySlice<UInt8>: [Int]]
        let putLengths: Set<Int>
        /// Increasing, none zero.
        let appendLengths: [Int]
        var found: [[Int]] = []
        var steps = 0
        var exhausted = false

        init(
            bytes: [UInt8], puts: [ArraySlice<UInt8>: [Int]], appends: [ArraySlice<UInt8>: [Int]], putLengths: Set<Int>,
            appendLengths: [Int]
        ) {
            precondition(!appendLengths.contains(0), "appends of \"\" make no chain unique")
            self.bytes = bytes
            self.puts = puts
            self.appends = appends
            self.putLengths = putLengths
            self.appendLengths = appendLengths
        }

        /// Chains building `bytes[..<end]` followed by `chain` (latest write last).
        mutating func search(end: Int, chain: [Int]) {
            steps += 1
            if steps > Self.stepsMax { exhausted = true }
            if exhausted || found.count > 1 { return }
            if end == 0 { found.append(chain) }
            if putLengths.contains(end) {
                for put in puts[bytes[..<end]] ?? [] where !chain.contains(put) { found.append([put] + chain) }
            }
            for length in appendLengths where length <= end {
                for append in appends[bytes[(end - length)..<end]] ?? [] where !chain.contains(append) {
                    let start = end - length
                    search(end: start, chain: [append] + chain)
                    if exhausted || found.count > 1 { return }
                }
            }
        }
    }
}
