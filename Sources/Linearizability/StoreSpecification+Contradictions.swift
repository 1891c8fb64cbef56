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
    ///   or deleted k (either would have moved k's mod revision past m, or removed k);
    /// - a put of k that observed revision r put k at r; so did a transaction whose observed
    ///   branch puts k last; a delete of the single key k that deleted something deleted k at r;
    /// - a call that surely changed the store (`progressBound` one below its revision) took its
    ///   revision: no other call took it, and it put no key its requests do not put.
    /// Any two of these facts that disagree prove that no linearization exists. Reads inside a
    /// transaction are used only when the branch taken writes nothing (a read after a write of
    /// the same branch sees a state with no revision of its own).
    ///
    /// - Complexity: O(n log n) in the operations and the key-values they return.
    public func contradiction(among operations: [Operation<Input, Output>]) -> Contradiction? {
        var events: [[KeyEvent]] = Array(repeating: [], count: keys.count)
        var reads: [KeyRead] = []
        var claimants: [Int64: (operationID: Int, puts: Set<Int>)] = [:]
        for operation in operations where !operation.isPending {
            guard let observed = operation.output, let revision = observed.revision else { continue }
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
            for (request, response) in readRequests(operation.input, observed: observed) {
                guard case .range(let from, let to) = request, case .range(let kvs) = response else { continue }
                for kv in kvs where kv.key >= from && kv.key < max(from, to) {
                    guard let mod = kv.modRevision else { continue }
                    reads.append(KeyRead(key: kv.key, revision: revision, record: kv, modRevision: mod, operationID: id))
                    events[kv.key].append(KeyEvent(key: kv.key, revision: mod, record: kv, operationID: id, fromRead: true))
                }
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
        func keys(_ requests: [Request]) -> [Int] {
            requests.compactMap { request in
                if case .put(let key, _, _) = request { return key }
                return nil
            }
        }
        switch input {
        case .request(let request): return keys([request])
        case .txn(_, let success, let failure):
            switch succeeded {
            case true?: return keys(success)
            case false?: return keys(failure)
            case nil: return keys(success) + keys(failure)
            }
        case .leaseGrant, .leaseRevoke, .leaseKeepAlive, .leaseExpire: return []
        }
    }

    /// What the call certainly did to single keys at `revision`.
    private func writes(_ input: Input, observed: Output, revision: Int64, id: Int) -> [KeyEvent] {
        switch input {
        case .request(.put(let key, let value, let lease)):
            return [KeyEvent(key: key, revision: revision, record: KeyValue(key: key, value: value, modRevision: revision, lease: lease),
                             operationID: id, fromRead: false)]
        case .request(.delete(let from, let to)):
            guard to == from + 1, case .delete(let count?)? = observed.responses?.first, count > 0 else { return [] }
            return [KeyEvent(key: from, revision: revision, record: nil, operationID: id, fromRead: false)]
        case .txn(_, let success, let failure):
            guard let succeeded = observed.succeeded else { return [] }
            // The last request of the branch that touches a key decides what became of it; a
            // range delete leaves the key unknown (it may have deleted nothing).
            var last: [Int: KeyValue?] = [:]
            var order: [Int] = []
            for request in succeeded ? success : failure {
                switch request {
                case .put(let key, let value, let lease):
                    if last[key] == nil { order.append(key) }
                    last[key] = .some(KeyValue(key: key, value: value, modRevision: revision, lease: lease))
                case .delete(let from, let to):
                    for key in from..<max(from, to) where last[key] != nil { last[key] = .some(nil) }
                case .range: break
                }
            }
            return order.compactMap { key in
                // Deleted after its put in the same branch: what it held before is unknown.
                guard let record = last[key]! else { return nil }
                return KeyEvent(key: key, revision: revision, record: record, operationID: id, fromRead: false)
            }
        case .request(.range), .leaseGrant, .leaseRevoke, .leaseKeepAlive, .leaseExpire:
            return []
        }
    }

    /// The ranges of a call and what they answered, when they saw the state of the call's own
    /// revision: a range request, or the ranges of a transaction whose branch writes nothing.
    private func readRequests(_ input: Input, observed: Output) -> [(Request, Response)] {
        guard let responses = observed.responses else { return [] }
        switch input {
        case .request(let request): return responses.count == 1 ? [(request, responses[0])] : []
        case .txn(_, let success, let failure):
            guard let succeeded = observed.succeeded else { return [] }
            let branch = succeeded ? success : failure
            let writesNothing = branch.allSatisfy { request in
                if case .range = request { return true }
                return false
            }
            guard writesNothing, branch.count == responses.count else { return [] }
            return Array(zip(branch, responses))
        case .leaseGrant, .leaseRevoke, .leaseKeepAlive, .leaseExpire: return []
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
