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

        public init(brokers: Int = 2, subscriptions: Int = 1, periods: Int = 2, leaseTTLTicks: Int = 3,
                    refreshIntervalTicks: Int = 1, maxPauses: Int = 1, maxCrashes: Int = 1, maxLosses: Int = 1,
                    maxDriftTicks: Int = 0, maxPauseTicks: Int = 2, keyRetentionTicks: Int = 3, liveness: Bool = true) {
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
            self.liveness = liveness
        }

        /// The (subscription, period) pairs the database knows of.
        public var itemCount: Int { subscriptions * periods }

        /// The longest a message may take from its send to its receipt, in ticks. Every message
        /// is delivered within the tick it was sent in (0), until the network gains latency.
        public var maxMessageDelayTicks: Int { 0 }

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
            return nil
        }
    }
}
