extension LeaseLeader {
    /// Where a broker's session (its lease, its campaign, its watch) stands.
    public enum SessionPhase: UInt8, Sendable, CaseIterable {
        /// Just started: it must request a lease before it can campaign.
        case starting = 0
        /// LeaseGrant sent, awaiting the grant.
        case awaitingGrant
        /// The create-if-absent transaction sent, awaiting its outcome.
        case awaitingTxn
        /// `getThenPut`: the range sent, awaiting the key (or its absence).
        case awaitingRange
        /// `getThenPut`: the put sent, awaiting its revision.
        case awaitingPut
        /// Lost the campaign: revoking its unused lease, then it watches from its read.
        case revokingToWatch
        /// Following: its watch on `election/billing` waits for a DELETE.
        case watching
        /// Elected: it refreshes its lease and, while its local deadline has not passed, charges.
        case leader
        /// Stepped down: revoking its lease, then it campaigns again.
        case revokingToCampaign
        /// `sessionOutlivesLease` only: its session ended, it stopped charging, and it still
        /// believes it leads, so it never campaigns again.
        case staleLeader
        /// Crashed for good.
        case crashed

        var name: String {
            switch self {
            case .starting: return "starting"
            case .awaitingGrant: return "awaiting lease grant"
            case .awaitingTxn: return "awaiting campaign transaction"
            case .awaitingRange: return "awaiting range"
            case .awaitingPut: return "awaiting put"
            case .revokingToWatch: return "revoking its lease, then watching"
            case .watching: return "watching"
            case .leader: return "leader"
            case .revokingToCampaign: return "revoking its lease, then campaigning"
            case .staleLeader: return "stale leader (session ended, never campaigns again)"
            case .crashed: return "crashed"
            }
        }

        /// Phases in which the session thread waits for a response from the store.
        var awaitsStore: Bool {
            switch self {
            case .awaitingGrant, .awaitingTxn, .awaitingRange, .awaitingPut, .revokingToWatch, .revokingToCampaign:
                return true
            case .starting, .watching, .leader, .staleLeader, .crashed:
                return false
            }
        }
    }

    /// Where a broker's charging loop (its worker thread) stands. The worker runs only while the
    /// broker leads, but an exchange it has started always runs to its end (or its timeout), so
    /// a charge the provider acknowledged is still recorded after its broker stepped down.
    public enum WorkerPhase: UInt8, Sendable, CaseIterable {
        /// Nothing outstanding: as an acting leader it asks the database what is due.
        case idle = 0
        /// ReadDue sent, awaiting the due list.
        case awaitingDue
        /// Charge sent for `item`, awaiting the provider's answer.
        case awaitingAck
        /// Record sent for `item`, awaiting the database's confirmation.
        case awaitingRecord
        /// Nothing was due: it polls again after its next tick.
        case waitingForTick

        var name: String {
            switch self {
            case .idle: return "idle"
            case .awaitingDue: return "awaiting the due list"
            case .awaitingAck: return "awaiting the provider"
            case .awaitingRecord: return "awaiting the database's record"
            case .waitingForTick: return "nothing due, waiting for the next tick"
            }
        }

        var awaitsResponse: Bool { self == .awaitingDue || self == .awaitingAck || self == .awaitingRecord }
    }

    /// One broker's local state. Fields that mean nothing in the current phase are zero, so
    /// that states which behave alike are equal (checked by `LeaseLeader.checkInvariants`).
    public struct BrokerState: Hashable, Sendable {
        public internal(set) var session: SessionPhase = .starting
        public internal(set) var worker: WorkerPhase = .idle
        /// A stop-the-world pause: the broker takes no step and its clock does not advance.
        public internal(set) var paused = false
        /// Its session ended while it led (lease not found, or its token rejected): it must
        /// stop acting as soon as no refresh is outstanding.
        public internal(set) var deposed = false
        /// As leader: a KeepAlive is outstanding.
        public internal(set) var refreshOutstanding = false
        /// The session thread's outstanding request has timed out (a tick passed without an
        /// answer: the request or its answer was lost), so it may be resent.
        public internal(set) var sessionTimedOut = false
        /// The worker's outstanding request has timed out.
        public internal(set) var workerTimedOut = false
        /// The (subscription, period) index the worker is charging or recording.
        public internal(set) var item: UInt8 = 0
        /// As leader (or stale leader): the revision at which it was elected, which is the
        /// create revision of its key as far as it knows, and so its fencing token.
        public internal(set) var electionRevision: UInt8 = 0
        /// While revoking to watch: the revision of the read that found the key held.
        public internal(set) var readRevision: UInt8 = 0
        /// From the grant of its lease until it gives the lease up: local ticks until its
        /// lease may have expired. It acts as leader only while this is positive.
        public internal(set) var deadline: UInt8 = 0
        /// From the grant of its lease until it gives the lease up: local ticks until the next
        /// refresh is due.
        public internal(set) var refreshTimer: UInt8 = 0
        /// Ticks its clock has lagged behind the store's so far (drift spent).
        public internal(set) var lag: UInt8 = 0

        public var isCrashed: Bool { session == .crashed }

        /// Whether it acts as leader: elected, its local deadline not passed, not deposed.
        /// A paused leader keeps this belief, since it cannot notice anything while paused.
        public var actsAsLeader: Bool { session == .leader && deadline > 0 && !deposed }

        /// Whether an exchange of its session thread waits for the store.
        var sessionAwaitsResponse: Bool { session.awaitsStore || (session == .leader && refreshOutstanding) }
    }
}
