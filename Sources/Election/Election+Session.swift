import KeyValue

extension Election {
    /// Asks for a lease (the store picks its id, so a grant whose outcome is unknown leaves at
    /// most an orphan lease with no key, which expires by itself).
    mutating func grant(at now: Int64) -> [ElectionAction] {
        precondition(lease == nil, "one session at a time")
        role = .granting
        return send(.leaseGrant(id: 0, ttlSeconds: configuration.ttlSeconds), .grant(sentAt: now))
    }

    mutating func granted(_ outcome: RequestOutcome, sentAt: Int64, at now: Int64) -> [ElectionAction] {
        guard case .ok(.leaseGrant(_, let id, _)) = outcome else {
            if role == .granting { scheduleRetry(at: now) }
            return []
        }
        // A grant that arrives after a shutdown (or a second one) is not wanted: give it back.
        guard isRunning, role == .granting, lease == nil else { return send(.leaseRevoke(id: id), .revoke(lease: id)) }
        lease = id
        lastRefreshSentAt = sentAt
        deadline = sentAt + configuration.believedMilliseconds
        return [.event(.sessionStarted(lease: id, deadline: deadline))] + campaign(at: now)
    }

    /// A keep-alive every refresh interval (counted from the last one sent), a bounded number
    /// in flight.
    mutating func refreshIfDue(at now: Int64) -> [ElectionAction] {
        guard let lease, now - lastRefreshSentAt >= configuration.refreshIntervalMilliseconds else { return [] }
        let inflight = pending.values.filter { if case .keepAlive = $0 { return true }; return false }.count
        guard inflight < configuration.refreshesInflightMax else { return [] }
        lastRefreshSentAt = now
        return send(.leaseKeepAlive(id: lease), .keepAlive(lease: lease, sentAt: now))
    }

    /// A refresh that succeeded moves the deadline to its SEND time + the belief: the store
    /// applied it no earlier than that, so its lease lasts at least TTL from then.
    mutating func refreshed(_ outcome: RequestOutcome, lease refreshedLease: Int64, sentAt: Int64, at now: Int64) -> [ElectionAction] {
        guard refreshedLease == lease, case .ok(.leaseKeepAlive(_, let id, let ttl)) = outcome else { return [] }
        precondition(id == refreshedLease, "a keep-alive answers for its lease")
        if ttl <= 0 { return loseSession(.leaseNotFound, at: now) }
        deadline = max(deadline, sentAt + configuration.believedMilliseconds)
        return []
    }

    /// The session is over: stop believing, forget the lease (revoking it when it may still be
    /// alive at the store, so a successor need not wait for its expiry), and start a new one.
    mutating func loseSession(_ reason: SessionLossReason, at now: Int64) -> [ElectionAction] {
        var actions = endSession(reason: reason, revoke: reason == .deadlinePassed)
        actions += cancelWatch()
        retryAt = nil
        if isRunning { actions += grant(at: now) }
        return actions
    }

    mutating func endSession(reason: SessionLossReason, revoke: Bool) -> [ElectionAction] {
        guard let ended = lease else { return [] }
        var actions: [ElectionAction] = []
        if case .leading(let token) = role { actions.append(.event(.deposed(fencingToken: token))) }
        if case .resigning = role { role = .idle }
        lease = nil
        actions.append(.event(.sessionLost(lease: ended, reason: reason)))
        if revoke { actions += send(.leaseRevoke(id: ended), .revoke(lease: ended)) }
        return actions
    }
}
