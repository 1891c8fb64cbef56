import Election
import KeyValue

/// The store's history as its cluster applied it, at the simulated time each entry was first
/// applied by any node (no node applies a committed entry before that): every lease's life,
/// each lease's last refresh, and each holder of the election key. What the billing audits and
/// figures read; never a broker's belief.
struct StoreHistory: Sendable {
    struct Holder: Hashable, Sendable {
        /// The key's create revision: the holder's fencing token.
        var token: Int64
        var lease: Int64
        var createdAt: Int64
        var removedAt: Int64?
        var cause: FailoverFigure.Cause?
    }

    let electionKey = KeyBytes.of("election/billing")
    var leases = LeaseTimeline()
    /// Lease id -> when the store last applied its grant or a keep-alive.
    var lastRefreshAt: [Int64: Int64] = [:]
    var holders: [Holder] = []
    /// Puts that gave the existing key another lease (a campaign won over a live key).
    var takeovers: [String] = []
    /// The highest log index recorded (entries are recorded once, when first applied).
    var recordedIndex: UInt64 = 0

    mutating func record(_ results: [(index: UInt64, result: ApplyResult)], at now: Int64) {
        for (index, result) in results where index > recordedIndex {
            // The simulation never compacts Raft's log, so every index is applied, in order.
            recordedIndex = index
            leases.record(result.leaseChanges, at: now)
            for change in result.leaseChanges {
                switch change {
                case .granted(let id, _), .refreshed(let id, _, _): lastRefreshAt[id] = now
                case .checkpointed, .removed: continue
                }
            }
            for event in result.events where event.kv.key == electionKey { follow(event, result, at: now) }
        }
    }

    mutating func follow(_ event: Event, _ result: ApplyResult, at now: Int64) {
        switch event.kind {
        case .put:
            guard event.kv.createRevision == event.kv.modRevision else {
                if let holder = holders.last, holder.removedAt == nil, holder.lease != event.kv.lease, takeovers.count < 16 {
                    takeovers.append("at \(now) ms revision \(event.kv.modRevision) put the key with lease \(event.kv.lease) over lease \(holder.lease)'s (created at revision \(holder.token))")
                }
                return
            }
            precondition(holders.last?.removedAt != nil || holders.isEmpty, "the key is created only when absent")
            holders.append(Holder(token: event.kv.createRevision, lease: event.kv.lease, createdAt: now))
        case .delete:
            guard let last = holders.indices.last, holders[last].removedAt == nil else { return }
            holders[last].removedAt = now
            switch result.result {
            case .success(.leaseExpire): holders[last].cause = .expired
            case .success(.leaseRevoke): holders[last].cause = .revoked
            default: holders[last].cause = .resigned
            }
        }
    }
}
