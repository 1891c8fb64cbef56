extension LeaseLeader {
    /// A design of the broker: the correct one and one change each (issues 5, 6 and 14).
    ///
    /// Every variant but `idealProvider` charges a realistic provider: idempotency keys expire
    /// after `keyRetentionTicks`, and the provider checks no fencing token. The token (the
    /// leader key's create revision) is checked where the brokers own the data: the
    /// subscription database's writes are conditional on it.
    public enum Variant: String, Sendable, CaseIterable {
        /// The design to verify: a fenced charge intent before the call, the idempotency key
        /// (subscription, period), a fenced outcome record, and a lookup at the provider before
        /// any retry (a timed-out charge, or an intent found by a new leader).
        case fencedIdempotent
        /// Issue 5's design at issue 5's provider: keys remembered forever, the provider fences
        /// by token; no intent, no lookup, a timed-out charge is resent as it is.
        case idealProvider
        /// No idempotency key, no fencing, no intent, no lookup: charge, then record.
        case naive
        /// The design without an idempotency key (a fresh key per attempt is the same thing here:
        /// every retry is a new attempt after a lookup).
        case noIdempotencyKey
        /// The design as the issue first put it: a timed-out charge is resent, and a new leader
        /// retries the intents it finds, with the same key, without asking the provider first.
        case retryWithoutLookup
        /// The design with unconditional database writes (no token compared).
        case unfenced
        /// The charging loop checks only that its session leads, not its local deadline (it
        /// trusts the database's fence to stop it).
        case ignoresDeadline
        /// Range, then put if absent: two requests instead of one transaction.
        case getThenPut
        /// The follower watches from the store's revision when the watch is created instead of
        /// from its read's revision + 1, so a DELETE between the read and the watch is missed.
        case watchFromNow
        /// Once its session has ended (lease gone, deadline passed, write fenced) the broker
        /// stops charging but never campaigns again: it goes on leading in its own mind.
        case sessionOutlivesLease
        /// Issue 14's session clock: the deadline is the full TTL counted from the receipt of the
        /// grant or refresh, with no margin for drift. Safe only at zero latency and exact clocks:
        /// with a delay of δ the broker believes δ ticks longer than the store's lease.
        case deadlineFromReceipt
        /// The store names a lease after the broker that holds it (one slot per broker) instead of
        /// a unique id from its counter: a delayed stale revoke or keepalive acts on the broker's
        /// next lease.
        case leaseByBrokerIndex
        /// After a compaction cancels its watch, the follower watches again from the store's
        /// revision "now" instead of re-reading the key and watching from the read's revision + 1.
        case rewatchFromNow
        /// The store as etcd 3.4 runs it by default: a promoted store leader restores every lease
        /// to its full TTL (plus an election timeout), not to its checkpointed remaining TTL.
        case noLeaseCheckpoints

        /// Whether charge requests carry the idempotency key (subscription, period).
        public var sendsIdempotencyKey: Bool { self != .naive && self != .noIdempotencyKey }

        /// Whether the provider forgets a key after the retention (every realistic provider).
        public var keysExpire: Bool { self != .idealProvider }

        /// Whether the provider rejects a token below the highest it has accepted (issue 5's
        /// provider only; no payment API knows our election).
        public var providerFencing: Bool { self == .idealProvider }

        /// Whether the database's writes compare the writer's token with the highest it has seen.
        public var databaseFencing: Bool { self != .naive && self != .unfenced && self != .idealProvider }

        /// Whether a charge is preceded by a charge intent written to the database.
        public var writesIntent: Bool { self != .naive && self != .idealProvider }

        /// Whether a retry (a timed-out charge, an intent found on reading what is due) first asks
        /// the provider whether the key was charged.
        public var looksUpBeforeRetry: Bool { writesIntent && self != .retryWithoutLookup }

        /// Whether the charging loop requires its local deadline to show time left.
        public var checksDeadline: Bool { self != .ignoresDeadline }

        /// Whether a campaign is the one create-if-absent transaction (else range, then put).
        public var campaignsByTransaction: Bool { self != .getThenPut }

        /// Whether a follower's watch starts just after the revision it read.
        public var watchesFromReadRevision: Bool { self != .watchFromNow }

        /// Whether a broker whose session has ended campaigns again.
        public var campaignsAfterSessionEnds: Bool { self != .sessionOutlivesLease }

        /// Whether the session deadline counts `TTL·(1 − ρ) − ε` from the send of the grant or
        /// refresh (else the full TTL from the receipt of its answer).
        public var deadlineFromSend: Bool { self != .deadlineFromReceipt }

        /// Whether the store gives each lease a unique id from its counter (else the broker's index).
        public var uniqueLeaseIds: Bool { self != .leaseByBrokerIndex }

        /// Whether a follower whose watch was cancelled by a compaction re-reads the key first.
        public var rereadsAfterCompaction: Bool { self != .rewatchFromNow }

        /// Whether the store checkpoints remaining TTLs, so that a promoted store leader restores a
        /// lease to its remaining TTL plus an election timeout (else to its full TTL plus one).
        public var leaseCheckpoints: Bool { self != .noLeaseCheckpoints }

        public var summary: String {
            switch self {
            case .fencedIdempotent:
                return "fenced charge intent, idempotency key (subscription, period), fenced outcome record, lookup "
                    + "at the provider before any retry; create-if-absent transaction, watch from the read's revision + 1"
            case .idealProvider:
                return "issue 5's design at a provider that remembers keys forever and fences by token"
            case .naive: return "no idempotency key, no fencing, no intent: charge, then record"
            case .noIdempotencyKey: return "the design without an idempotency key"
            case .retryWithoutLookup:
                return "timed-out charges resent and found intents retried with the same key, without a lookup"
            case .unfenced: return "the design with database writes that compare no token"
            case .ignoresDeadline: return "the charging loop ignores its local deadline and trusts the database's fence"
            case .getThenPut: return "campaign by range, then put if absent (no transaction)"
            case .watchFromNow:
                return "the follower's watch starts at the store's revision when it is created, "
                    + "not at the read's revision + 1"
            case .sessionOutlivesLease:
                return "once its session ends the broker stops charging but never campaigns again"
            case .deadlineFromReceipt:
                return "the session deadline is the full TTL from the receipt of the refresh's answer, with no drift margin"
            case .leaseByBrokerIndex: return "the store names a lease by its holder's index, not by a unique id"
            case .rewatchFromNow:
                return "after a compaction cancels its watch, the follower watches from now without re-reading the key"
            case .noLeaseCheckpoints:
                return "the store restores every lease to its full TTL plus an election timeout on a leader change"
            }
        }
    }
}
