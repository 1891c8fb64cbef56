extension StoreSpecification {
    /// What one completed call says happened to one key at one revision: it was put (with the
    /// fields the call knows of the record), or deleted.
    private struct KeyEvent {
        var key: Int
        var revision: Int64
        /// Nil for a deletion.
        var record: KeyValue?
        var operationID: Int
        /// Learnt from a read's mod revision rather than from the call that made it.
        var fromRead: Bool
    }

    /// A read of a key that found it, as of a revision: the key's record was last written at
    /// the record's mod revision, and not since.
    private struct KeyRead {
        var key: Int
        var revision: Int64
        var record: KeyValue
        var modRevision: Int64
        var operationID: Int
    }

    /// Reads against writes, key by key, by revision. In every linearization a completed call
    /// runs in a state of the revision it observed (the revision is part of its output), so:
    /// - a range of revision R that shows key k with mod revision m means the call that took
    ///   revision m put k, leaving the record shown, and no call with a revision in (m, R] put
    ///   or deleted k (either would have moved k's mod revision past m, or removed k); a range
    ///   at a past revision r says the same of (m, r];
    /// - a put of k that observed revision r put k at r; so did a transaction whose observed
    ///   branch puts k last; a delete of the single key k that deleted something deleted k at r,
    ///   and a delete that answered its previous key-values deleted those keys at r;
    /// - the previous key-value a put or a delete answered at revision r is a range of
    ///   revision r - 1 (such a call changed the store, so it ran in a state of r - 1);
    /// - a call that surely changed the store (`progressBound` one below its revision) took its
    ///   revision: no other call took it, and it put no key its requests do not put.
    /// Any two of these facts that disagree prove that no linearization exists. Reads inside a
    /// transaction are used only when the branch taken writes nothing (a read after a write of
    /// the same branch sees a state with no revision of its own); keys-only reads, whose values
    /// are not returned, and calls that were refused, which observe no revision, are skipped.
    ///
    /// - Complexity: O(n log n) in the operations and the key-values they return.
    public func contradiction(among operations: [Operation<Input, Output>]) -> Contradiction? {
        var events: [[KeyEvent]] = Array(repeating: [], count: keys.count)
        var reads: [KeyRead] = []
        var claimants: [Int64: (operationID: Int, puts: Set<Int>)] = [:]
        for operation in operations where !operation.isPending {
            guard let observed = operation.output, observed.failure == nil, let revision = observed.revision else { continue }
            let id = operation.id
            if progressBound(of: operation.input, observed: observed) == revision - 1 {
                let puts = Set(putKeys(operation.input, succeeded: observed.succeeded))
                if let other = claimants[revision] {
                    return Contradiction(
                        operationIDs: [other.operationID, id],
                        reason: "both calls changed the store at revision \(revision), which only one call can")
                }
                claimants[revision] = (id, puts)
            }
            for event in writes(operation.input, observed: observed, revision: revision, id: id) {
                events[event.key].append(event)
            }
            for (kv, readRevision) in readFacts(operation.input, observed: observed, revision: revision) {
                guard let mod = kv.modRevision else { continue }
                reads.append(KeyRead(key: kv.key, revision: readRevision, record: kv, modRevision: mod, operationID: id))
                events[kv.key].append(KeyEvent(key: kv.key, revision: mod, record: kv, operationID: id, fromRead: true))
            }
        }
        for key in events.indices {
            events[key].sort { ($0.revision, $0.operationID) < ($1.revision, $1.operationID) }
            if let found = disagreement(in: events[key]) { return found }
        }
        for read in reads {
            if let found = contradiction(read, events[read.key], claimants) { return found }
        }
        return nil
    }

    /// The keys a call may put: those of its requests, of both branches of a transaction whose
    /// branch was not observed. A key not among them is certainly not put by the call.
    private func putKeys(_ input: Input, succeeded: Bool?) -> [Int] {
        func keys(_ requests: [Request]) -> [Int] { requests.compactMap(\.putKey) }
        switch input {
        case .request(let request): return keys([request])
        case .txn(_, let success, let failure):
            switch succeeded {
            case true?: return keys(success)
            case false?: return keys(failure)
            case nil: return keys(success) + keys(failure)
            }
        case .leaseGrant, .leaseRevoke, .leaseKeepAlive, .leaseExpire, .compact: return []
        }
    }

    /// What the call certainly did to single keys at `revision`.
    private func writes(_ input: Input, observed: Output, revision: Int64, id: Int) -> [KeyEvent] {
        func deleted(_ key: Int) -> KeyEvent { KeyEvent(key: key, revision: revision, record: nil, operationID: id, fromRead: false) }
        switch input {
        case .request(.put(let key, let value, let lease)), .request(.putWithPrevious(let key, let value, let lease)):
            return [KeyEvent(key: key, revision: revision, record: KeyValue(key: key, value: value, modRevision: revision, lease: lease),
                             operationID: id, fromRead: false)]
        case .request(.delete(let from, let to)), .request(.deleteWithPrevious(let from, let to)):
            if case .deleteWithPrevious(_, let previous)? = observed.responses?.first {
                // The keys it answered are the keys it deleted (a key outside the range cannot be:
                // such an answer matches no transition, and is not a fact to reason from).
                return previous.filter { $0.key >= from && $0.key < to }.map { deleted($0.key) }
            }
            guard to == from + 1, let count = observed.responses?.first?.deletedCount, count > 0 else { return [] }
            return [deleted(from)]
        case .txn(_, let success, let failure):
            guard let succeeded = observed.succeeded else { return [] }
            // The last request of the branch that touches a key decides what became of it; a
            // range delete leaves the key unknown (it may have deleted nothing).
            var last: [Int: KeyValue?] = [:]
            var order: [Int] = []
            for request in succeeded ? success : failure {
                switch request {
                case .put(let key, let value, let lease), .putWithPrevious(let key, let value, let lease):
                    if last[key] == nil { order.append(key) }
                    last[key] = .some(KeyValue(key: key, value: value, modRevision: revision, lease: lease))
                case .delete(let from, let to), .deleteWithPrevious(let from, let to):
                    for key in from..<max(from, to) where last[key] != nil { last[key] = .some(nil) }
                case .range, .rangeWith: break
                }
            }
            return order.compactMap { key in
                // Deleted after its put in the same branch: what it held before is unknown.
                guard let record = last[key]! else { return nil }
                return KeyEvent(key: key, revision: revision, record: record, operationID: id, fromRead: false)
            }
        case .request(.range), .request(.rangeWith), .leaseGrant, .leaseRevoke, .leaseKeepAlive, .leaseExpire, .compact:
            return []
        }
    }

    /// The key-values a call read, each with the revision of the state it read them in: its
    /// ranges (see `readRequests`), and the previous key-values a put or a delete (on its own,
    /// not in a transaction) answered, read in the state before it.
    private func readFacts(_ input: Input, observed: Output, revision: Int64) -> [(KeyValue, Int64)] {
        var facts: [(KeyValue, Int64)] = []
        for (request, response) in readRequests(input, observed: observed) {
            switch (request, response) {
            case (.range(let from, let to), .range(let kvs)):
                for kv in kvs where kv.key >= from && kv.key < max(from, to) { facts.append((kv, revision)) }
            case (.rangeWith(let from, let to, let options), .rangeWith(let kvs, _, _)) where !options.keysOnly:
                let at = options.revision == 0 ? revision : options.revision
                for kv in kvs where kv.key >= from && kv.key < max(from, to) { facts.append((kv, at)) }
            default: continue
            }
        }
        switch (input, observed.responses?.first) {
        case (.request(.putWithPrevious(let key, _, _)), .putWithPrevious(let previous?)?) where previous.key == key:
            facts.append((previous, revision - 1))
        case (.request(.deleteWithPrevious(let from, let to)), .deleteWithPrevious(_, let previous)?) where !previous.isEmpty:
            for kv in previous where kv.key >= from && kv.key < to { facts.append((kv, revision - 1)) }
        default: break
        }
        return facts
    }

    /// The ranges of a call and what they answered, when they saw the state of the call's own
    /// revision (or of the past revision they asked for): a range request, or the ranges of a
    /// transaction whose branch writes nothing.
    private func readRequests(_ input: Input, observed: Output) -> [(Request, Response)] {
        guard let responses = observed.responses else { return [] }
        switch input {
        case .request(let request): return responses.count == 1 && request.isRead ? [(request, responses[0])] : []
        case .txn(_, let success, let failure):
            guard let succeeded = observed.succeeded else { return [] }
            let branch = succeeded ? success : failure
            guard branch.allSatisfy(\.isRead), branch.count == responses.count else { return [] }
            return Array(zip(branch, responses))
        case .leaseGrant, .leaseRevoke, .leaseKeepAlive, .leaseExpire, .compact: return []
        }
    }

    /// Two calls that say different things about what one revision did to the key.
    private func disagreement(in events: [KeyEvent]) -> Contradiction? {
        for (a, b) in zip(events, events.dropFirst()) where a.revision == b.revision {
            if agree(a.record, b.record) { continue }
            return Contradiction(
                operationIDs: [a.operationID, b.operationID],
                reason: "both calls say what revision \(a.revision) did to \(keys[a.key]), and they disagree")
        }
        return nil
    }

    /// True when two accounts of a record (nil: deleted) can be the same record.
    private func agree(_ a: KeyValue?, _ b: KeyValue?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        if a.value != b.value { return false }
        func same(_ x: Int64?, _ y: Int64?) -> Bool { x == nil || y == nil || x == y }
        return same(a.createRevision, b.createRevision) && same(a.version, b.version) && same(a.lease, b.lease)
            && same(a.modRevision, b.modRevision)
    }

    /// A read against the key's events and the calls that took revisions.
    private func contradiction(
        _ read: KeyRead, _ events: [KeyEvent], _ claimants: [Int64: (operationID: Int, puts: Set<Int>)]
    ) -> Contradiction? {
        let name = keys[read.key]
        if read.modRevision > read.revision {
            return Contradiction(
                operationIDs: [read.operationID],
                reason: "the range read revision \(read.revision) but shows \(name) written at the later revision \(read.modRevision)")
        }
        if let claimant = claimants[read.modRevision], claimant.operationID != read.operationID, !claimant.puts.contains(read.key) {
            return Contradiction(
                operationIDs: [read.operationID, claimant.operationID],
                reason: "the range shows \(name) written at revision \(read.modRevision), but the other call changed the "
                    + "store at revision \(read.modRevision) without writing \(name)")
        }
        // The first event after the mod revision: none may come before the read's revision.
        var low = 0
        var high = events.count
        while low < high {
            let middle = (low + high) / 2
            if events[middle].revision <= read.modRevision { low = middle + 1 } else { high = middle }
        }
        guard low < events.count, events[low].revision <= read.revision else { return nil }
        let event = events[low]
        let what: String
        if event.fromRead {
            what = "the other range shows \(name) written at revision \(event.revision), in between"
        } else {
            what = "the other call \(event.record == nil ? "deleted" : "wrote") \(name) at revision \(event.revision), in between"
        }
        return Contradiction(
            operationIDs: [read.operationID, event.operationID],
            reason: "the range read revision \(read.revision) and shows \(name) last written at revision \(read.modRevision), "
                + "but " + what)
    }
}
