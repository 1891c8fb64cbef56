extension LeaseLeader {
    /// The subscription database: which (subscription, period) is due, which carries a charge
    /// intent (a charge may have been sent), which is recorded as charged, and the fencing
    /// token of its conditional writes. Item index = subscription × periods + period.
    public struct DatabaseState: Hashable, Sendable {
        public internal(set) var due: UInt8 = 0
        public internal(set) var intents: UInt8 = 0
        public internal(set) var recorded: UInt8 = 0
        /// The highest fencing token any write has carried: a fenced write with a lower token
        /// changes nothing (`UPDATE … WHERE token <= :mine`, with the row's token raised to
        /// the writer's in the same transaction).
        public internal(set) var fenceToken: UInt8 = 0
    }
}
