extension LeaseLeader {
    /// The payment provider: its ledger of accepted charges, the idempotency keys it has seen,
    /// the highest fencing token it has accepted, and (ghost) a summary of its request log.
    public struct ProviderState: Hashable, Sendable {
        /// Two bits per item: charges in the ledger, saturating at 2 (a second charge already
        /// breaks the claim; a third adds nothing a reader needs and would unbound the space).
        public internal(set) var ledger: UInt8 = 0
        /// Bit per item: a charge with key (subscription, period) was accepted.
        public internal(set) var seenKeys: UInt8 = 0
        /// With fencing: the highest token accepted so far.
        public internal(set) var highestToken: UInt8 = 0
        /// Ghost from the request log: the highest election revision among accepted requests.
        public internal(set) var highestElectionAccepted: UInt8 = 0
        /// Ghost from the request log: a request was accepted from a leader elected earlier
        /// than a leader whose request had already been accepted.
        public internal(set) var acceptedEarlierEpoch = false

        public func charges(of item: Int) -> Int { Int((ledger >> UInt8(2 * item)) & 3) }

        mutating func addCharge(to item: Int) {
            let count = min(2, charges(of: item) + 1)
            ledger = (ledger & ~(3 << UInt8(2 * item))) | (UInt8(count) << UInt8(2 * item))
        }
    }
}
