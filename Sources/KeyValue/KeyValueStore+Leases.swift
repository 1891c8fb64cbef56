extension KeyValueStore {
    /// etcd's `Grant`, with the id chosen by the store when the request leaves it 0 (etcd's
    /// proposer picks a random one; here the lowest unused id from a counter, the same on every
    /// replica). Leases do not change the revision.
    mutating func grant(id requested: Int64, ttlSeconds: Int64, _ pending: inout PendingWrite) -> Result<Response, StoreError> {
        if requested < 0 { return .failure(.invalid("lease id \(requested) is negative")) }
        if ttlSeconds > limits.leaseTTLSecondsMax { return .failure(.leaseTTLTooLarge) }
        var id = requested
        if id == 0 {
            while leases[nextLeaseID] != nil { nextLeaseID += 1 }
            id = nextLeaseID
            nextLeaseID += 1
        } else if leases[id] != nil {
            return .failure(.leaseExists)
        }
        let ttl = max(ttlSeconds, limits.leaseTTLSecondsMin)
        leases[id] = LeaseRecord(id: id, ttlSeconds: ttl, keys: [], epoch: 0, checkpointMilliseconds: nil)
        pending.leaseChanges.append(.granted(id: id, ttlSeconds: ttl))
        return .success(.leaseGrant(revision: revision, id: id, ttlSeconds: ttl))
    }

    /// Revocation and expiry alike (etcd's `Revoke`): the attached keys are deleted in key
    /// order, all at one revision, then the lease is gone.
    mutating func removeLease(_ id: Int64, _ pending: inout PendingWrite) {
        guard let record = leases[id] else { preconditionFailure("removing lease \(id), which does not exist") }
        for key in record.sortedKeys {
            guard let (slot, version) = liveVersion(key) else { preconditionFailure("a lease's key is live") }
            precondition(version.lease == id, "a key is attached to the lease its version names")
            _ = tombstone(slot: slot, &pending)
        }
        precondition(leases[id]!.keys.isEmpty, "deleting a lease's keys detaches them")
        leases[id] = nil
        pending.leaseChanges.append(.removed(id: id))
    }

    /// A committed keep-alive gives the lease its whole TTL again and supersedes checkpoints
    /// taken before it. A lease that does not exist answers TTL 0 (etcd's keep-alive stream).
    mutating func keepAlive(id: Int64, _ pending: inout PendingWrite) -> Response {
        guard var record = leases[id] else { return .leaseKeepAlive(revision: revision, id: id, ttlSeconds: 0) }
        record.epoch += 1
        record.checkpointMilliseconds = nil
        leases[id] = record
        pending.leaseChanges.append(.refreshed(id: id, ttlSeconds: record.ttlSeconds, epoch: record.epoch))
        return .leaseKeepAlive(revision: revision, id: id, ttlSeconds: record.ttlSeconds)
    }

    /// Records the leader's measured remaining times; a checkpoint for a lease that is gone or
    /// was kept alive after the leader measured it is ignored.
    mutating func checkpoint(_ checkpoints: [LeaseCheckpoint], _ pending: inout PendingWrite) -> Result<Response, StoreError> {
        if checkpoints.count > limits.checkpointsPerRequestMax {
            return .failure(.invalid("more than \(limits.checkpointsPerRequestMax) checkpoints in one request"))
        }
        if let bad = checkpoints.first(where: { $0.remainingMilliseconds < 0 }) {
            return .failure(.invalid("lease \(bad.id) checkpointed with negative time"))
        }
        for checkpoint in checkpoints {
            guard var record = leases[checkpoint.id], record.epoch == checkpoint.epoch else { continue }
            let remaining = min(checkpoint.remainingMilliseconds, record.ttlSeconds * 1000)
            record.checkpointMilliseconds = remaining
            leases[checkpoint.id] = record
            pending.leaseChanges.append(.checkpointed(id: checkpoint.id, remainingMilliseconds: remaining, epoch: record.epoch))
        }
        return .success(.leaseCheckpoint(revision: revision))
    }

    /// The replicated view of a lease's time: the last checkpoint's remaining time, or the whole
    /// TTL, in whole seconds (truncated, as etcd); -1 when the lease does not exist (etcd's answer).
    public func timeToLive(id: Int64, keys: Bool) -> LeaseTimeToLiveResponse {
        guard let record = leases[id] else {
            return LeaseTimeToLiveResponse(revision: revision, id: id, ttlSeconds: -1, grantedTTLSeconds: 0, keys: [])
        }
        let seconds = record.remainingMilliseconds / 1000
        return LeaseTimeToLiveResponse(revision: revision, id: id, ttlSeconds: seconds, grantedTTLSeconds: record.ttlSeconds,
                                       keys: keys ? record.sortedKeys : [])
    }
}
