import KeyValue

extension Election {
    /// The create-if-absent transaction: one request, so no other candidate can create the key
    /// between our look and our put.
    mutating func campaign(at now: Int64) -> [ElectionAction] {
        guard let lease else { preconditionFailure("a campaign needs a session") }
        role = .campaigning
        let key = configuration.key
        let txn = TxnRequest(
            compare: [Compare(key: key, .createRevision(0), .equal)],
            success: [.put(PutRequest(key: key, value: configuration.address, lease: lease))],
            failure: [.range(RangeRequest(key: key))])
        return [.event(.campaignStarted(lease: lease))] + send(.txn(txn), .campaign(lease: lease))
    }

    mutating func campaigned(_ outcome: RequestOutcome, lease campaignLease: Int64, at now: Int64) -> [ElectionAction] {
        guard campaignLease == lease, role == .campaigning else { return [] }
        switch outcome {
        case .ok(.txn(let response)):
            if response.succeeded { return becomeLeader(fencingToken: response.revision) }
            guard case .range(let read)? = response.responses.first else {
                preconditionFailure("the failure branch is one range")
            }
            return decide(read, at: now)
        case .ok:
            return [.event(.storeError("a campaign answered with something other than a transaction"))] + retryLater(at: now)
        case .unknown:
            // It may have created the key with our lease: read it back before deciding.
            role = .resolving
            return read(at: now)
        case .failed(.leaseNotFound):
            return loseSession(.leaseNotFound, at: now)
        case .failed(let error):
            return [.event(.storeError(error.description))] + retryLater(at: now)
        case .notSent:
            return retryLater(at: now)
        }
    }

    mutating func retryLater(at now: Int64) -> [ElectionAction] {
        scheduleRetry(at: now)
        return []
    }

    mutating func read(at now: Int64) -> [ElectionAction] {
        guard let lease else { preconditionFailure("a read of the key belongs to a session") }
        return send(.range(RangeRequest(key: configuration.key)), .read(lease: lease))
    }

    mutating func readBack(_ outcome: RequestOutcome, lease readLease: Int64, at now: Int64) -> [ElectionAction] {
        guard readLease == lease, role == .resolving || role == .rereading else { return [] }
        guard case .ok(.range(let read)) = outcome else { return retryLater(at: now) }
        return decide(read, at: now)
    }

    /// What the key says: free (campaign), ours (lead with its create revision), or someone
    /// else's (watch it from the read's revision + 1).
    mutating func decide(_ read: RangeResponse, at now: Int64) -> [ElectionAction] {
        guard let holder = read.kvs.first else { return campaign(at: now) }
        if holder.lease == lease { return becomeLeader(fencingToken: holder.createRevision) }
        return follow(holder, readRevision: read.revision)
    }

    mutating func becomeLeader(fencingToken: Int64) -> [ElectionAction] {
        precondition(fencingToken > 0, "a create revision is positive")
        guard let lease else { preconditionFailure("a leader has a session") }
        role = .leading(fencingToken: fencingToken)
        return [.event(.elected(fencingToken: fencingToken, lease: lease))]
    }

    mutating func follow(_ holder: KeyValuePair, readRevision: Int64) -> [ElectionAction] {
        precondition(holder.createRevision > 0 && holder.createRevision <= readRevision, "the holder was read at or after its creation")
        var actions = cancelWatch()
        role = .following(createRevision: holder.createRevision, holderLease: holder.lease)
        let id = nextWatch
        nextWatch += 1
        watchID = id
        actions.append(.event(.observedLeader(address: KeyBytes.text(holder.value), createRevision: holder.createRevision, lease: holder.lease)))
        actions.append(.watch(id: id, KeyRange(key: KeyBytes.of(configuration.key)), startRevision: readRevision + 1))
        return actions
    }
}
