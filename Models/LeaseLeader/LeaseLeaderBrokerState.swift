extension LeaseLeader {
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
        /// While a grant or a refresh is outstanding: local ticks left of the deadline counted from
        /// its send (`TTL − clockMarginTicks` at the send), which becomes the deadline when the
        /// answer comes. A retry restarts it: the answer it gets is to its latest send, the
        /// earlier ones having been cancelled. 0 otherwise.
        public internal(set) var pendingDeadline: UInt8 = 0
        /// Ghost: it has paused since it last asked for a lease, so its clock may under-count
        /// its lease (see `LeaseLeader.properties` on why the request log's claims excuse it).
        public internal(set) var pausedThisLease = false
        /// The id of the lease it holds as the store named it in its grant (0 when none).
        public internal(set) var lease: UInt8 = 0
        /// From the grant of its lease until it gives the lease up: local ticks until the next
        /// refresh is due.
        public internal(set) var refreshTimer: UInt8 = 0
        /// Ticks its clock has lagged behind the store's so far (drift spent).
        public internal(set) var lag: UInt8 = 0
        /// While paused: store ticks the pause has lasted so far (at most `maxPauseTicks`).
        public internal(set) var pausedTicks: UInt8 = 0
        /// The fencing token of the worker's exchange under way (the election revision it was
        /// started under), so that a write begun before a step-down carries the old token.
        public internal(set) var workerToken: UInt8 = 0

        public var isCrashed: Bool { session == .crashed }

        /// Whether it acts as leader: elected, its local deadline not passed, not deposed
        /// (`ignoresDeadline` does not look at the deadline: see `LeaseLeader.believes`).
        /// A paused leader keeps this belief, since it cannot notice anything while paused.
        public var actsAsLeader: Bool { session == .leader && deadline > 0 && !deposed }

        /// Whether an exchange of its session thread waits for the store.
        var sessionAwaitsResponse: Bool { session.awaitsStore || (session == .leader && refreshOutstanding) }
    }
}
