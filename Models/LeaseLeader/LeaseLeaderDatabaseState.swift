extension LeaseLeader {
    /// The subscription database: which (subscription, period) is due and which is recorded
    /// as charged. Item index = subscription × periods + period.
    public struct DatabaseState: Hashable, Sendable {
        public internal(set) var due: UInt8 = 0
        public internal(set) var recorded: UInt8 = 0
    }
}
