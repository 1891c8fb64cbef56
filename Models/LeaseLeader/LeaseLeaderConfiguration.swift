extension LeaseLeader {
    /// The bounds of one exploration: how many brokers and charges there are, how the lease is
    /// timed, and how many faults of each kind the environment may inject.
    ///
    /// Every bound is small and explicit because the state space must stay finite without a
    /// bound on ticks: faults are budgets spent from the state, and time is a countdown.
    public struct Configuration: Sendable, Hashable {
        /// Brokers competing for `election/billing` (symmetric identifiers).
        public var brokers: Int
        /// Subscriptions in the database.
        public var subscriptions: Int
        /// Billing periods per subscription; period 1 is due at the start, later ones fall due
        /// when the calendar moves on.
        public var periods: Int
        /// The TTL the store gives a lease when it grants or refreshes it.
        public var leaseTTLTicks: Int
        /// How often a leader refreshes its lease, in its own clock's ticks.
        public var refreshIntervalTicks: Int
        /// Stop-the-world pauses (GC, VM freeze) the brokers may suffer in total.
        public var maxPauses: Int
        /// Permanent broker crashes in total.
        public var maxCrashes: Int
        /// Requests or responses the network may lose in total.
        public var maxLosses: Int
        /// Ticks each broker's clock may lag behind the store's over the whole run.
        public var maxDriftTicks: Int
        /// The longest one pause may last, in store ticks: a paused broker wakes before the
        /// tick that would make its pause longer. The design's assumption about pauses.
        public var maxPauseTicks: Int
        /// How long the payment provider remembers an idempotency key, in ticks from the charge
        /// that first used it (Stripe forgets a key after 24 hours): a request with a forgotten
        /// key is a new charge. The `idealProvider` variant remembers keys forever.
        public var keyRetentionTicks: Int
        /// The longest a message may take from its send to its receipt, in ticks (issue 15). 0 is
        /// the network of issues 5 to 14: every message is delivered within the tick it was sent
        /// in. With a delay of δ a message may cross up to δ ticks, so a request timeout (one tick)
        /// can fire while the original is still in flight, and the retry races it.
        public var maxMessageDelayTicks: Int
        /// Messages the network may slow in total, each of which then crosses up to
        /// `maxMessageDelayTicks` ticks (the others arrive within the tick they were sent in).
        /// Slowness is a fault with a budget, as loss is: with every message free to cross a
        /// tick and a one-tick request timeout, latency alone would make a leader time out on
        /// every refresh and step down forever, and each new election a new revision, so the
        /// space would be bounded only by the revision counter.
        public var maxDelayedMessages: Int
        /// Compactions of the store's history (etcd's `Compact`): each one cancels the watches that
        /// still had events to deliver, and a later watch from a compacted revision is cancelled
        /// at once (etcd's `ErrCompacted`).
        public var maxCompactions: Int
        /// Leader changes of the store's own Raft group. On promotion the new store leader
        /// restores every lease (see `Variant.leaseCheckpoints`) and extends it by an election
        /// timeout, so a lease lives longer than its holder believes (etcd #9888).
        public var maxStoreLeaderChanges: Int
        /// The store's election timeout in ticks: how long a promoted store leader extends every
        /// lease by.
        public var electionTimeoutTicks: Int
        /// Whether `allDueChargesRecorded` (AG EF) is decided; it stores the state graph.
        public var liveness: Bool

        public static let brokersRange = 2...3
        public static let subscriptionsRange = 1...2
        public static let periodsRange = 1...2
        public static let leaseTTLRange = 2...8
        public static let refreshIntervalRange = 1...7
        public static let pausesRange = 0...3
        public static let crashesRange = 0...2
        public static let lossesRange = 0...3
        public static let driftRange = 0...3
        public static let pauseTicksRange = 1...6
        public static let keyRetentionRange = 1...8
        public static let delayRange = 0...3
        public static let delayedRange = 0...3
        public static let compactionsRange = 0...2
        public static let storeLeaderChangesRange = 0...2
        public static let electionTimeoutRange = 1...3

        public init(brokers: Int = 2, subscriptions: Int = 1, periods: Int = 2, leaseTTLTicks: Int = 3,
                    refreshIntervalTicks: Int = 1, maxPauses: Int = 1, maxCrashes: Int = 1, maxLosses: Int = 1,
                    maxDriftTicks: Int = 0, maxPauseTicks: Int = 2, keyRetentionTicks: Int = 3, maxMessageDelayTicks: Int = 0,
                    maxDelayedMessages: Int = 1, maxCompactions: Int = 0, maxStoreLeaderChanges: Int = 0, electionTimeoutTicks: Int = 1,
                    liveness: Bool = true) {
            self.brokers = brokers
            self.subscriptions = subscriptions
            self.periods = periods
            self.leaseTTLTicks = leaseTTLTicks
            self.refreshIntervalTicks = refreshIntervalTicks
            self.maxPauses = maxPauses
            self.maxCrashes = maxCrashes
            self.maxLosses = maxLosses
            self.maxDriftTicks = maxDriftTicks
            self.maxPauseTicks = maxPauseTicks
            self.keyRetentionTicks = keyRetentionTicks
            self.maxMessageDelayTicks = maxMessageDelayTicks
            self.maxDelayedMessages = maxDelayedMessages
            self.maxCompactions = maxCompactions
            self.maxStoreLeaderChanges = maxStoreLeaderChanges
            self.electionTimeoutTicks = electionTimeoutTicks
            self.liveness = liveness
        }

        /// The (subscription, period) pairs the database knows of.
        public var itemCount: Int { subscriptions * periods }

        /// The broker's clock margin in ticks: its deadline is `TTL·(1 − ρ) − ε` after the send of
        /// the grant or refresh that set it. Here ρ·TTL is the drift bound (a clock that lags at
        /// most `maxDriftTicks` over the whole run lags at most that much over one lease), and ε
        /// is 0: the store's clock is the model's tick itself, so it cannot run fast, and the
        /// store resets a TTL no earlier than the tick of the request's send.
        public var clockMarginTicks: Int { maxDriftTicks }

        /// The longest a lease can live at the store, in ticks: its TTL, plus an election timeout
        /// for each store leader change (a promotion extends every lease).
        public var leaseLifetimeMaxTicks: Int { leaseTTLTicks + maxStoreLeaderChanges * electionTimeoutTicks }

        /// The assumption the correct design rests on, between parameters: a charge sent after
        /// a check (a lookup at the provider, or a due list with no intent) reaches the provider
        /// at most `maxPauseTicks + maxMessageDelayTicks` after anything the check could have
        /// missed, so the key still deduplicates it exactly when that is below the retention.
        public var keyOutlivesPauseAndDelay: Bool { maxPauseTicks + maxMessageDelayTicks < keyRetentionTicks }

        /// The first thing wrong with this combination of bounds, or nil.
        public var problem: String? {
            let ranges: [(String, Int, ClosedRange<Int>)] = [
                ("brokers", brokers, Self.brokersRange),
                ("subscriptions", subscriptions, Self.subscriptionsRange),
                ("periods", periods, Self.periodsRange),
                ("lease-ttl", leaseTTLTicks, Self.leaseTTLRange),
                ("refresh-interval", refreshIntervalTicks, Self.refreshIntervalRange),
                ("max-pauses", maxPauses, Self.pausesRange),
                ("max-crashes", maxCrashes, Self.crashesRange),
                ("max-losses", maxLosses, Self.lossesRange),
                ("max-drift", maxDriftTicks, Self.driftRange),
                ("max-pause-ticks", maxPauseTicks, Self.pauseTicksRange),
                ("key-retention", keyRetentionTicks, Self.keyRetentionRange),
                ("max-delay", maxMessageDelayTicks, Self.delayRange),
                ("max-delayed", maxDelayedMessages, Self.delayedRange),
                ("max-compactions", maxCompactions, Self.compactionsRange),
                ("max-store-leader-changes", maxStoreLeaderChanges, Self.storeLeaderChangesRange),
                ("election-timeout", electionTimeoutTicks, Self.electionTimeoutRange),
            ]
            for (name, value, range) in ranges where !range.contains(value) {
                return "\(name) must be within \(range.lowerBound)...\(range.upperBound), not \(value)"
            }
            if maxCrashes > brokers - 1 {
                return "max-crashes must be at most brokers − 1 (\(brokers - 1)): a crash is permanent, and with "
                    + "every broker crashed nothing can be charged, which says nothing about the protocol"
            }
            if refreshIntervalTicks >= leaseTTLTicks {
                return "refresh-interval (\(refreshIntervalTicks)) must be shorter than lease-ttl (\(leaseTTLTicks)): "
                    + "a lease refreshed no more often than it expires is lost between every two refreshes"
            }
            if refreshIntervalTicks >= leaseTTLTicks - clockMarginTicks {
                return "refresh-interval (\(refreshIntervalTicks)) must be shorter than lease-ttl − max-drift "
                    + "(\(leaseTTLTicks - clockMarginTicks)): the design's deadline is the TTL less the drift margin from the "
                    + "refresh's send, and a leader whose deadline ends before its next refresh steps down every time"
            }
            return nil
        }
    }
}
