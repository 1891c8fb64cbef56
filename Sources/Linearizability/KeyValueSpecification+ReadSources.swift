extension KeyValueSpecification {
    /// The longest observed value, in bytes, whose suffixes are looked up among the appends;
    /// a longer one is given no source (always sound: a read without a source constrains
    /// nothing).
    static let sourceValueBytesMax = 512

    /// The gets whose value only one write of the key can have left: the state before a get is
    /// its value, so the last write of the key before it is a put of exactly that value or an
    /// append of a suffix of it (a non-empty value needs some write, the map starts empty). When
    /// exactly one write, pending ones included, fits, it is that last write.
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
        var puts: [[UInt8]: [Int]] = [:]
        var appends: [[UInt8]: [Int]] = [:]
        for index in writes {
            switch operations[index].input {
            case .put(_, let value):
                guard value.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
                puts[Array(value.utf8), default: []].append(index)
            case .append(_, let value):
                guard value.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
                appends[Array(value.utf8), default: []].append(index)
            case .get: preconditionFailure("a write list holds writes")
            }
        }
        var result: [ReadSources.Source] = []
        for reader in reads {
            guard case .value(let seen)? = operations[reader].output else { preconditionFailure("a read with a value") }
            let bytes = Array(seen.utf8)
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard bytes.count <= sourceValueBytesMax else { continue }
            var candidates = puts[bytes] ?? []
            // Every suffix, the empty one included (an append of "" fits any value).
            for start in 0...bytes.count where candidates.count <= 1 {
                candidates += appends[Array(bytes[start...])] ?? []
            }
            guard candidates.count == 1, !operations[candidates[0]].isPending else { continue }
            result.append(ReadSources.Source(writer: candidates[0], reader: reader, group: group))
        }
        return result
    }
}
