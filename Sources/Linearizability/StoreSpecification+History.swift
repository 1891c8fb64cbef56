extension StoreSpecification {
    // MARK: Changes, kept for the revisions ranges read at

    /// Sets what `key` is after `revision` (nil: deleted) and, when a range may read the store
    /// as of that revision, keeps it in the key's history.
    ///
    /// The history of a key keeps its changes up to `readRevisions.upperBound` (no range reads
    /// later ones from history: the latest state answers the current revision) and, of those
    /// at or below the floor (the larger of `readRevisions.lowerBound` and the compaction
    /// revision), only the last, unless it is a deletion (no range reads below the floor, and
    /// a key with no change at or below a revision did not exist then). So two runs that
    /// differ only in what no range can read leave equal states.
    func change(_ key: Int, to record: Record?, at revision: Int64, in state: inout State) {
        state.records[key] = record
        guard let window = readRevisions, revision <= window.upperBound else { return }
        precondition(state.history.count == keys.count, "a state of this specification keeps one history per key")
        if let last = state.history[key].last, last.revision == revision {
            // Changed twice in one transaction: the last change is what the revision holds.
            state.history[key][state.history[key].count - 1].record = record
        } else {
            precondition(state.history[key].last.map { $0.revision < revision } ?? true, "changes come in revision order")
            state.history[key].append(Version(revision: revision, record: record))
        }
        trim(&state.history[key], floor: max(window.lowerBound, state.compactRevision))
    }

    /// Drops the changes no range at or above `floor` can read.
    func trim(_ versions: inout [Version], floor: Int64) {
        guard let last = versions.lastIndex(where: { $0.revision <= floor }) else { return }
        let drop = versions[last].record == nil ? last + 1 : last
        if drop > 0 { versions.removeFirst(drop) }
    }

    /// What `key` held at `revision`, at or above the compaction revision and at most the
    /// state's revision.
    func record(_ key: Int, at revision: Int64, in state: State) -> Record? {
        precondition(revision >= state.compactRevision && revision <= state.revision, "a readable revision")
        if revision == state.revision { return state.records[key] }
        guard let window = readRevisions, window.contains(revision) else {
            preconditionFailure("a range at revision \(revision), outside the revisions the specification keeps (readRevisions)")
        }
        return state.history[key].last { $0.revision <= revision }?.record ?? nil
    }

    // MARK: Ranges with options

    /// etcd's `rangeKeys` and the server's response: a revision above the store's fails as a
    /// future revision, one below the compaction revision as compacted; 0 reads the latest,
    /// with the transaction's earlier changes (`current`); a past revision reads the store as
    /// it was (`before` the transaction). The count is of every key at that revision; the limit
    /// cuts the key-values, and `more` says it did (never for count only, which returns none).
    func read(_ from: Int, _ to: Int, _ options: RangeOptions, current: State, before: State) -> Result<Response, Failure> {
        if options.revision > before.revision { return .failure(.futureRevision) }
        if options.revision > 0 && options.revision < before.compactRevision {
            return .failure(.compacted(before.compactRevision))
        }
        var kvs: [KeyValue] = []
        var count = 0
        for key in from..<max(from, to) {
            let found = options.revision == 0 ? current.records[key] : record(key, at: options.revision, in: before)
            guard let found else { continue }
            count += 1
            if options.countOnly || (options.limit > 0 && kvs.count >= options.limit) { continue }
            var kv = keyValue(key, found)
            // Value 0 is nil, which no put writes: the value not returned.
            if options.keysOnly { kv.value = 0 }
            kvs.append(kv)
        }
        let more = !options.countOnly && options.limit > 0 && count > options.limit
        return .success(.rangeWith(kvs: kvs, count: count, more: more))
    }

    // MARK: Compaction

    /// etcd's `updateCompactRev`: a revision at or below the compaction revision fails as
    /// compacted, one above the store's as a future revision; otherwise ranges below it fail
    /// from now on. The store's revision does not change.
    func compacting(_ state: State, to target: Int64) -> Result<State, Failure> {
        if target <= state.compactRevision { return .failure(.compacted(state.compactRevision)) }
        if target > state.revision { return .failure(.futureRevision) }
        var next = state
        next.compactRevision = target
        if let window = readRevisions {
            let floor = max(window.lowerBound, target)
            for key in next.history.indices { trim(&next.history[key], floor: floor) }
        }
        return .success(next)
    }
}
