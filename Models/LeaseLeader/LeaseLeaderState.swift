extension LeaseLeader {
    /// The whole system at one moment: every process's local state, the messages in flight,
    /// the fault budgets spent, and two ghosts. No absolute time appears anywhere: timers count
    /// down and saturate at 0, which keeps the space finite without a bound on ticks.
    public struct State: Hashable, Sendable {
        public internal(set) var brokers = BrokerSlots<BrokerState>(repeating: BrokerState())
        public internal(set) var store = StoreState()
        public internal(set) var database = DatabaseState()
        public internal(set) var provider = ProviderState()
        public internal(set) var network = MessageBag()
        public internal(set) var pausesUsed: UInt8 = 0
        public internal(set) var crashesUsed: UInt8 = 0
        public internal(set) var lossesUsed: UInt8 = 0
        public internal(set) var delaysUsed: UInt8 = 0
        public internal(set) var compactionsUsed: UInt8 = 0
        public internal(set) var storeLeaderChangesUsed: UInt8 = 0
        /// Ghost: bit b is set once broker b has been elected.
        public internal(set) var everLed: UInt8 = 0

        /// Brokers (among the first `count`) that believe they lead and would act on it.
        public func believers(count: Int) -> Int {
            (0..<count).reduce(0) { $0 + (brokers[$1].actsAsLeader ? 1 : 0) }
        }
    }
}
