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
        /// Ghost: bit b is set once broker b has been elected.
        public internal(set) var everLed: UInt8 = 0

        /// Brokers (among the first `count`) that believe they lead and would act on it.
        public func believers(count: Int) -> Int {
            (0..<count).reduce(0) { $0 + (brokers[$1].actsAsLeader ? 1 : 0) }
        }
    }

    /// One step of the system. Each broker runs two threads (its session, its charging loop),
    /// each of which has at most one step of its own enabled in any state.
    public enum Action: Hashable, Sendable {
        /// The receiver of a message in flight handles it.
        case deliver(Message)
        /// The store's watch stream hands broker b the next event.
        case watchEvent(broker: UInt8)
        /// Broker b's session thread takes its enabled step (start, retry, refresh, step down).
        case session(broker: UInt8)
        /// Broker b's charging loop takes its enabled step (poll, retry, give up).
        case worker(broker: UInt8)
        /// One tick of time; the brokers in `lagging` (a bit mask) miss it (clock drift).
        case tick(lagging: UInt8)
        /// The next period of subscription s falls due.
        case fallDue(subscription: UInt8)
        /// The network loses a message (fault).
        case drop(Message)
        case pause(broker: UInt8)
        case wake(broker: UInt8)
        case crash(broker: UInt8)
    }
}
