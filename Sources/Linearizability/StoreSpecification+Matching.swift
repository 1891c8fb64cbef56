extension StoreSpecification {
    /// Compares what was observed, field by field; a field left out is not checked, except the
    /// failure, which is always observed (an `ok` did not fail).
    public func accepts(observed: Output, produced: Output) -> Bool {
        switch (observed.failure, produced.failure) {
        case (nil, nil): break
        case (.compacted(let seen)?, .compacted(let real)?):
            if let seen, seen != real { return false }
        case (.futureRevision?, .futureRevision?): break
        default: return false
        }
        if let revision = observed.revision, revision != produced.revision { return false }
        if let succeeded = observed.succeeded, succeeded != produced.succeeded { return false }
        if let found = observed.found, found != produced.found { return false }
        if let responses = observed.responses {
            guard let actual = produced.responses, actual.count == responses.count else { return false }
            for (seen, real) in zip(responses, actual) where !matches(seen, real) { return false }
        }
        return true
    }

    /// A response as observed against the one produced. A response observed in less detail
    /// than produced (a put's without its previous key-value, a range's kvs without count)
    /// matches on what it has.
    private func matches(_ seen: Response, _ real: Response) -> Bool {
        switch (seen, real) {
        case (.put, .put), (.put, .putWithPrevious): return true
        case (.putWithPrevious(let seenKV), .putWithPrevious(let realKV)):
            guard let seenKV, let realKV else { return seenKV == nil && realKV == nil }
            return matches(seenKV, realKV)
        case (.delete(let seenCount), _):
            guard let realCount = real.deletedCount else { return false }
            return seenCount == nil || seenCount == realCount
        case (.deleteWithPrevious(let seenCount, let seenKVs), .deleteWithPrevious(let realCount, let realKVs)):
            if let seenCount, seenCount != realCount { return false }
            return matches(seenKVs, realKVs)
        case (.range(let seenKVs), .range(let realKVs)), (.range(let seenKVs), .rangeWith(let realKVs, _, _)):
            return matches(seenKVs, realKVs)
        case (.rangeWith(let seenKVs, let seenCount, let seenMore), .rangeWith(let realKVs, let realCount, let realMore)):
            if let seenCount, seenCount != realCount { return false }
            if let seenMore, seenMore != realMore { return false }
            return matches(seenKVs, realKVs)
        default: return false
        }
    }

    private func matches(_ seen: [KeyValue], _ real: [KeyValue]) -> Bool {
        guard seen.count == real.count else { return false }
        return zip(seen, real).allSatisfy(matches)
    }

    private func matches(_ a: KeyValue, _ b: KeyValue) -> Bool {
        if a.key != b.key || a.value != b.value { return false }
        if let x = a.createRevision, x != b.createRevision { return false }
        if let x = a.modRevision, x != b.modRevision { return false }
        if let x = a.version, x != b.version { return false }
        if let x = a.lease, x != b.lease { return false }
        return true
    }
}
