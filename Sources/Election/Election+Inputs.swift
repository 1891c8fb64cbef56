import KeyValue

extension Election {
    /// A request of the recipe ended; `op` is the number its `.send` carried.
    public mutating func completed(op: UInt64, _ outcome: RequestOutcome, at now: Int64) -> [ElectionAction] {
        guard let purpose = pending.removeValue(forKey: op) else { return [] }
        switch purpose {
        case .grant(let sentAt): return granted(outcome, sentAt: sentAt, at: now)
        case .keepAlive(let lease, let sentAt): return refreshed(outcome, lease: lease, sentAt: sentAt, at: now)
        case .campaign(let lease): return campaigned(outcome, lease: lease, at: now)
        case .read(let lease): return readBack(outcome, lease: lease, at: now)
        case .resign(let token): return resigned(outcome, fencingToken: token, at: now)
        case .revoke: return []
        }
    }

    mutating func resigned(_ outcome: RequestOutcome, fencingToken token: Int64, at now: Int64) -> [ElectionAction] {
        guard role == .resigning(fencingToken: token), lease != nil else { return [] }
        var actions: [ElectionAction] = []
        if case .ok(.txn) = outcome { actions.append(.event(.resigned(fencingToken: token))) }
        // Whatever happened, learn who holds the key now (an unknown delete may not have run).
        role = .rereading
        return actions + read(at: now)
    }

    /// New events of the recipe's watch, whole revisions in order.
    public mutating func watchEvents(watch: UInt64, _ events: [Event], at now: Int64) -> [ElectionAction] {
        guard watch == watchID, case .following = role else { return [] }
        for event in events where event.kv.key == KeyBytes.of(configuration.key) {
            switch event.kind {
            case .delete:
                let actions = cancelWatch()
                return actions + campaign(at: now)
            case .put:
                role = .following(createRevision: event.kv.createRevision, holderLease: event.kv.lease)
            }
        }
        return []
    }

    /// The watch's history was compacted and the client read the key again (a `StoreClient`
    /// does this itself and keeps watching from after the read).
    public mutating func watchResynced(watch: UInt64, state: RangeResponse, at now: Int64) -> [ElectionAction] {
        guard watch == watchID, case .following = role else { return [] }
        guard let holder = state.kvs.first else { return cancelWatch() + campaign(at: now) }
        if holder.lease == lease { return cancelWatch() + becomeLeader(fencingToken: holder.createRevision) }
        role = .following(createRevision: holder.createRevision, holderLease: holder.lease)
        return []
    }

    /// The watch ended (compaction, or the node refused it): read the key again and watch from
    /// that read's revision + 1.
    public mutating func watchCanceled(watch: UInt64, reason: String, at now: Int64) -> [ElectionAction] {
        guard watch == watchID, case .following = role else { return [] }
        watchID = nil
        role = .rereading
        return read(at: now)
    }
}
