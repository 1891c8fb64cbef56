extension LeaseLeader {
    /// A design of the broker: the correct one and one change each (issues 5 and 6).
    public enum Variant: String, Sendable, CaseIterable {
        /// Idempotency key (subscription, period), fencing on, create-if-absent transaction.
        case fencedIdempotent
        /// No idempotency key and no fencing.
        case naive
        /// Fencing, but no idempotency key.
        case noIdempotencyKey
        /// Fencing, and a fresh idempotency key on every send (a retry gets a new key).
        case keyPerAttempt
        /// Idempotency key (subscription, period), but the provider checks no token.
        case unfenced
        /// Range, then put if absent: two requests instead of one transaction.
        case getThenPut
        /// The follower watches from the store's revision when the watch is created instead of
        /// from its read's revision + 1, so a DELETE between the read and the watch is missed.
        case watchFromNow
        /// Once its session has ended (lease gone, deadline passed, token rejected) the broker
        /// stops charging but never campaigns again: it goes on leading in its own mind.
        case sessionOutlivesLease

        /// How the broker keys its charge requests for the provider's deduplication.
        public enum IdempotencyKey: Sendable {
            /// No key: the provider charges every request it accepts.
            case none
            /// The key is (subscription, period): every retry and every leader sends the same key.
            case perCharge
            /// A fresh key on every send: the provider never sees a key twice.
            case perAttempt
        }

        public var idempotencyKey: IdempotencyKey {
            switch self {
            case .naive, .noIdempotencyKey: return .none
            case .keyPerAttempt: return .perAttempt
            case .fencedIdempotent, .unfenced, .getThenPut, .watchFromNow, .sessionOutlivesLease: return .perCharge
            }
        }

        /// Whether the provider rejects a token below the highest it has accepted.
        public var fencing: Bool {
            switch self {
            case .naive, .unfenced: return false
            default: return true
            }
        }

        /// Whether a campaign is the one create-if-absent transaction (else range, then put).
        public var campaignsByTransaction: Bool { self != .getThenPut }

        /// Whether a follower's watch starts just after the revision it read.
        public var watchesFromReadRevision: Bool { self != .watchFromNow }

        /// Whether a broker whose session has ended campaigns again.
        public var campaignsAfterSessionEnds: Bool { self != .sessionOutlivesLease }

        public var summary: String {
            switch self {
            case .fencedIdempotent:
                return "idempotency key (subscription, period), fencing by the leader key's create revision, "
                    + "create-if-absent transaction, watch from the read's revision + 1"
            case .naive: return "no idempotency key, no fencing"
            case .noIdempotencyKey: return "fencing on, but no idempotency key"
            case .keyPerAttempt: return "fencing on, but a fresh idempotency key on every send (a retry gets a new key)"
            case .unfenced: return "idempotency key (subscription, period), but the provider checks no token"
            case .getThenPut: return "campaign by range, then put if absent (no transaction)"
            case .watchFromNow:
                return "the follower's watch starts at the store's revision when it is created, "
                    + "not at the read's revision + 1"
            case .sessionOutlivesLease:
                return "once its session ends the broker stops charging but never campaigns again"
            }
        }
    }
}
