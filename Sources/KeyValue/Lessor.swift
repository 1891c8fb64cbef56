/// Lease expiry on one node's clock, as a pure state machine: the node passes in the lease
/// changes it applies and the time, and the leader's lessor answers the requests to propose
/// (expiries and checkpoints). No clock inside; times are the node's milliseconds.
///
/// Every replica runs one, leader or not, and anchors each lease's deadline on its own clock
/// at the moment it applies the lease's grant, keep-alives and checkpoints:
/// - a grant or a keep-alive sets the deadline to (time applied) + TTL;
/// - a checkpoint lowers it to at most (time applied) + the remaining time the leader
///   measured, never raises it (a replica that saw the keep-alive itself knows better);
/// - only the leader proposes: an expiry when the deadline passed, a checkpoint when a lease
///   has gone c (TTL / `checkpointDivisor`) without a committed keep-alive or checkpoint.
///
/// Why this bounds a dead holder's lease across leader changes (etcd #9888): a replica applies
/// an entry no earlier than the leader that committed it, so (clocks running at the same rate)
/// its deadline is never before the old leader's: a promotion expires no live lease at once.
/// A replica that applied the last keep-alive K when it was committed holds a deadline of at
/// most K + TTL + its apply lag, however many leaders came before it, because checkpoints can
/// only lower a deadline. A replica that missed it (restarted, or far behind) anchors what it
/// replays at the time it replays it; the checkpoints, at most c apart while a leader lives,
/// bound its deadline by the last one's time + remaining + (the time until it leads), that is
/// K + TTL + c + one election timeout. (Repeated promotions of nodes that each restarted after
/// the last keep-alive can each add that slack again; no relative-time scheme avoids that
/// without a shared clock.)
public struct Lessor: Sendable {
    public let configuration: LessorConfiguration
    public private(set) var isLeader = false

    struct Tracked: Hashable, Sendable {
        var ttlMilliseconds: Int64
        var epoch: UInt64
        var deadline: Int64
        /// When the last grant, keep-alive or checkpoint was applied here.
        var anchor: Int64
        var expiryProposedAt: Int64?
        var checkpointProposedAt: Int64?
    }

    private(set) var leases: [Int64: Tracked] = [:]

    public init(configuration: LessorConfiguration = LessorConfiguration()) {
        self.configuration = configuration
    }

    /// Follows the lease changes of an applied entry, applied at `now`.
    public mutating func observe(_ changes: [LeaseChange], at now: Int64) {
        for change in changes {
            switch change {
            case .granted(let id, let ttl):
                leases[id] = Tracked(ttlMilliseconds: ttl * 1000, epoch: 0, deadline: now + ttl * 1000, anchor: now)
            case .refreshed(let id, let ttl, let epoch):
                leases[id] = Tracked(ttlMilliseconds: ttl * 1000, epoch: epoch, deadline: now + ttl * 1000, anchor: now)
            case .checkpointed(let id, let remaining, let epoch):
                guard var lease = leases[id] else { continue }
                precondition(epoch == lease.epoch, "the store applies a checkpoint only at the lease's epoch")
                lease.deadline = min(lease.deadline, now + remaining)
                lease.anchor = now
                lease.checkpointProposedAt = nil
                leases[id] = lease
            case .removed(let id):
                leases[id] = nil
            }
        }
    }

    /// Starts over from the store's leases (after a restart or a snapshot): what was applied
    /// before is anchored now, at the remaining time of the last checkpoint or the whole TTL.
    public mutating func reset(from store: KeyValueStore, at now: Int64) {
        leases = [:]
        for id in store.leaseIDs {
            let (ttl, epoch, checkpoint) = store.leaseState(id)!
            leases[id] = Tracked(ttlMilliseconds: ttl * 1000, epoch: epoch, deadline: now + (checkpoint ?? ttl * 1000), anchor: now)
        }
    }

    /// This node became the leader. Deadlines stay as this replica anchored them; proposals of
    /// an earlier term here are forgotten (they may never commit).
    public mutating func promote() {
        isLeader = true
        for id in leases.keys {
            leases[id]!.expiryProposedAt = nil
            leases[id]!.checkpointProposedAt = nil
        }
    }

    public mutating func demote() { isLeader = false }

    /// The leader's proposals at `now`: expiries of leases whose deadline passed (earliest
    /// first), then one checkpoint request for leases due one. Nothing for a follower.
    public mutating func tick(at now: Int64) -> [Request] {
        guard isLeader else { return [] }
        // Most ticks find no lease due for an expiry or a checkpoint: seen without sorting.
        let anyDue = leases.values.contains { lease in
            lease.deadline <= now || now - lease.anchor >= configuration.checkpointIntervalMilliseconds(ttlSeconds: lease.ttlMilliseconds / 1000)
        }
        guard anyDue else { return [] }
        var proposals: [Request] = []
        let byDeadline = leases.sorted { ($0.value.deadline, $0.key) < ($1.value.deadline, $1.key) }
        for (id, lease) in byDeadline where lease.deadline <= now {
            if proposals.count == configuration.expiriesPerTickMax { break }
            if let proposed = lease.expiryProposedAt, now - proposed < configuration.retryMilliseconds { continue }
            proposals.append(.leaseExpire(id: id, epoch: lease.epoch))
            leases[id]!.expiryProposedAt = now
        }
        var checkpoints: [LeaseCheckpoint] = []
        for (id, lease) in byDeadline where lease.deadline > now {
            if checkpoints.count == configuration.checkpointsPerTickMax { break }
            let interval = configuration.checkpointIntervalMilliseconds(ttlSeconds: lease.ttlMilliseconds / 1000)
            guard now - lease.anchor >= interval else { continue }
            if let proposed = lease.checkpointProposedAt, now - proposed < configuration.retryMilliseconds { continue }
            checkpoints.append(LeaseCheckpoint(id: id, remainingMilliseconds: lease.deadline - now, epoch: lease.epoch))
            leases[id]!.checkpointProposedAt = now
        }
        if !checkpoints.isEmpty { proposals.append(.leaseCheckpoint(checkpoints.sorted { $0.id < $1.id })) }
        return proposals
    }

    /// Milliseconds left on this node's clock (negative once passed); nil for an unknown lease.
    public func remainingMilliseconds(_ id: Int64, at now: Int64) -> Int64? {
        leases[id].map { $0.deadline - now }
    }

    /// The lease's deadline passed here: a leader should refuse its keep-alives (its expiry is
    /// on the way) rather than revive it.
    public func isExpired(_ id: Int64, at now: Int64) -> Bool {
        guard let lease = leases[id] else { return false }
        return lease.deadline <= now
    }

    /// The store's time-to-live answer with the remaining time of this node's clock in whole
    /// seconds, truncated as etcd's `int64(l.Remaining().Seconds())` (etcd answers from the
    /// leader's lessor).
    public func timeToLive(_ response: LeaseTimeToLiveResponse, at now: Int64) -> LeaseTimeToLiveResponse {
        guard response.ttlSeconds >= 0, let remaining = remainingMilliseconds(response.id, at: now) else { return response }
        var refined = response
        refined.ttlSeconds = max(0, remaining / 1000)
        return refined
    }

    /// The ids this lessor follows, ascending.
    public var leaseIDs: [Int64] { leases.keys.sorted() }
}
