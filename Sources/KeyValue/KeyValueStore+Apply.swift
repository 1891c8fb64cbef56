extension KeyValueStore {
    /// Applies one committed entry. A refused request changes nothing; an accepted one that
    /// changes keys adds one revision and reports its events.
    public mutating func apply(_ request: Request) -> ApplyResult {
        var pending = PendingWrite(after: revision)
        let result = perform(request, &pending)
        if case .failure = result {
            precondition(pending.events.isEmpty && pending.leaseChanges.isEmpty, "a refused request changed nothing")
        }
        if !pending.events.isEmpty {
            revision = pending.revision
            eventLog.append(pending.events, at: revision)
        }
        return ApplyResult(result: result, revision: revision, events: pending.events, leaseChanges: pending.leaseChanges)
    }

    private mutating func perform(_ request: Request, _ pending: inout PendingWrite) -> Result<Response, StoreError> {
        switch request {
        case .range(let range):
            return read(range).map(Response.range)
        case .put(let put):
            if let problem = KeyValueStore.check(put) ?? checkPut(put) { return .failure(problem) }
            return .success(.put(write(put, &pending)))
        case .deleteRange(let delete):
            if let problem = KeyValueStore.check(delete) { return .failure(problem) }
            return .success(.deleteRange(deleteRange(delete, &pending)))
        case .txn(let txn):
            return applyTxn(txn, &pending).map(Response.txn)
        case .compact(let target):
            return compact(to: target).map { Response.compact(revision: $0) }
        case .leaseGrant(let id, let ttl):
            return grant(id: id, ttlSeconds: ttl, &pending)
        case .leaseRevoke(let id):
            guard leases[id] != nil else { return .failure(.leaseNotFound) }
            removeLease(id, &pending)
            return .success(.leaseRevoke(revision: pending.current))
        case .leaseKeepAlive(let id):
            return .success(keepAlive(id: id, &pending))
        case .leaseCheckpoint(let checkpoints):
            return checkpoint(checkpoints, &pending)
        case .leaseExpire(let id, let epoch):
            guard let record = leases[id], record.epoch == epoch else {
                return .success(.leaseExpire(revision: revision, expired: false))
            }
            removeLease(id, &pending)
            return .success(.leaseExpire(revision: pending.current, expired: true))
        case .leaseTimeToLive(let id, let keys):
            return .success(.leaseTimeToLive(timeToLive(id: id, keys: keys)))
        case .leaseLeases:
            return .success(.leaseLeases(revision: revision, ids: leaseIDs))
        }
    }

    // MARK: Checks that need no state (etcd's v3rpc `check*Request`)

    static func check(_ request: RangeRequest) -> StoreError? {
        request.range.key.isEmpty ? .emptyKey : nil
    }

    static func check(_ request: PutRequest) -> StoreError? {
        if request.key.isEmpty { return .emptyKey }
        if request.ignoreValue && !request.value.isEmpty { return .valueProvided }
        if request.ignoreLease && request.lease != 0 { return .leaseProvided }
        return nil
    }

    static func check(_ request: DeleteRangeRequest) -> StoreError? {
        request.range.key.isEmpty ? .emptyKey : nil
    }

    // MARK: Checks against the state (etcd's `checkPut`, `checkRange`)

    /// The lease must exist; a put that keeps the value or the lease needs the key.
    func checkPut(_ request: PutRequest) -> StoreError? {
        if request.lease != 0 && leases[request.lease] == nil { return .leaseNotFound }
        if (request.ignoreValue || request.ignoreLease) && liveVersion(request.key) == nil { return .keyNotFound }
        return nil
    }

    func checkRange(_ request: RangeRequest) -> StoreError? {
        if request.revision == 0 { return nil }
        if request.revision > revision { return .futureRevision }
        if request.revision < compactRevision { return .compacted(compactRevision: compactRevision) }
        return nil
    }

    // MARK: Writes

    /// Writes the key at the pending revision; the checks have passed.
    mutating func write(_ request: PutRequest, _ pending: inout PendingWrite) -> PutResponse {
        let previous = liveVersion(request.key)
        let slot = previous?.slot ?? slotOfKey[HashedKey(request.key)] ?? newSlot(for: request.key)
        let old = previous?.version
        precondition(!(request.ignoreValue || request.ignoreLease) || old != nil, "checked: the key exists")
        let value = request.ignoreValue ? old!.value : request.value
        let lease = request.ignoreLease ? old!.lease : request.lease
        let version = KeyHistory.Version(
            revision: pending.revision, sub: pending.nextSub, isTombstone: false, value: value,
            createRevision: old?.createRevision ?? pending.revision, version: (old?.version ?? 0) + 1, lease: lease)
        histories[Int(slot)].versions.append(version)
        let oldLease = old?.lease ?? 0
        if oldLease != lease {
            if oldLease != 0 { leases[oldLease]?.keys.remove(request.key) }
            if lease != 0 {
                precondition(leases[lease] != nil, "checked: the lease exists")
                leases[lease]!.keys.insert(request.key)
            }
        }
        let prevKv = previous.map { histories[Int(slot)].pair($0.version) }
        let written = histories[Int(slot)].pair(version)
        pending.events.append(Event(kind: .put, kv: written, prevKv: prevKv))
        return PutResponse(revision: pending.revision, prevKv: request.prevKv ? prevKv : nil)
    }

    mutating func deleteRange(_ request: DeleteRangeRequest, _ pending: inout PendingWrite) -> DeleteRangeResponse {
        let slots = liveSlots(in: request.range)
        var prevKvs: [KeyValuePair] = []
        for slot in slots {
            let previous = tombstone(slot: slot, &pending)
            if request.prevKv { prevKvs.append(previous) }
        }
        return DeleteRangeResponse(revision: pending.current, deleted: Int64(slots.count), prevKvs: prevKvs)
    }

    /// Deletes the live key in `slot` at the pending revision; returns what it was.
    mutating func tombstone(slot: Int32, _ pending: inout PendingWrite) -> KeyValuePair {
        let history = histories[Int(slot)]
        guard let live = history.live else { preconditionFailure("deleting a key that is not live") }
        let previous = history.pair(live)
        histories[Int(slot)].versions.append(KeyHistory.Version(
            revision: pending.revision, sub: pending.nextSub, isTombstone: true, value: [],
            createRevision: 0, version: 0, lease: 0))
        if live.lease != 0 { leases[live.lease]?.keys.remove(history.key) }
        pending.events.append(Event(kind: .delete, kv: KeyValuePair(key: history.key, modRevision: pending.revision), prevKv: previous))
        return previous
    }

    private mutating func newSlot(for key: [UInt8]) -> Int32 {
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            histories[Int(slot)] = KeyHistory(key: key, versions: [])
        } else {
            slot = Int32(histories.count)
            histories.append(KeyHistory(key: key, versions: []))
        }
        slotOfKey[HashedKey(key)] = slot
        order.insert(key, slot: slot)
        return slot
    }

    // MARK: Compaction

    /// Discards history below `target` (etcd's `updateCompactRev` and `scheduleCompaction` in
    /// one step): reads below it then fail with `compacted`, and watches starting below it are
    /// cancelled. Returns the store's revision.
    mutating func compact(to target: Int64) -> Result<Int64, StoreError> {
        if target <= compactRevision { return .failure(.compacted(compactRevision: compactRevision)) }
        if target > revision { return .failure(.futureRevision) }
        compactRevision = target
        for slot in histories.indices where !isFreeSlot(slot) {
            if !histories[slot].compact(below: target) {
                let key = histories[slot].key
                order.remove(key)
                slotOfKey[HashedKey(key)] = nil
                freeSlots.append(Int32(slot))
            }
        }
        eventLog.compact(below: target)
        return .success(revision)
    }
}
