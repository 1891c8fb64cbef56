extension LeaseLeader {
    /// The payment provider: its ledger of charges (permanent, and what a lookup reads), the
    /// idempotency keys it still remembers, the highest fencing token (issue 5's provider
    /// only), and ghosts from its request log.
    public struct ProviderState: Hashable, Sendable {
        /// Two bits per item: charges in the ledger, saturating at 2 (a second charge already
        /// breaks the claim; a third adds nothing a reader needs and would unbound the space).
        public internal(set) var ledger: UInt8 = 0
        /// Four bits per item: ticks left before the provider forgets the key (subscription,
        /// period); 0 when it is not remembered. Set by the charge that first used the key and
        /// never extended by a duplicate, as Stripe's keys expire a fixed time after first use.
        public internal(set) var keyTicksLeft: UInt16 = 0
        /// `idealProvider`: the highest token accepted so far.
        public internal(set) var highestToken: UInt8 = 0
        /// Ghost from the request log: three bits per item, bit b set when broker b sent a charge
        /// of the item during its current belief that it leads (cleared when the belief ends).
        public internal(set) var sentByBelievers: UInt16 = 0
        /// Ghost: an item was sent under an election revision while a broker that had sent the
        /// same item under another revision still believed it led.
        public internal(set) var sentUnderTwoRevisions = false
        /// Ghost: a charge was sent by a broker whose lease had already expired at the store.
        public internal(set) var sentAfterLeaseExpiry = false

        public func charges(of item: Int) -> Int { Int((ledger >> UInt8(2 * item)) & 3) }

        mutating func addCharge(to item: Int) {
            let count = min(2, charges(of: item) + 1)
            ledger = (ledger & ~(3 << UInt8(2 * item))) | (UInt8(count) << UInt8(2 * item))
        }

        public func keyTicks(of item: Int) -> Int { Int((keyTicksLeft >> UInt16(4 * item)) & 0xF) }

        mutating func setKeyTicks(of item: Int, _ ticks: Int) {
            precondition(ticks >= 0 && ticks <= 15, "a key's retention fits four bits")
            keyTicksLeft = (keyTicksLeft & ~(0xF << UInt16(4 * item))) | (UInt16(ticks) << UInt16(4 * item))
        }

        func sentBy(_ broker: Int, item: Int) -> Bool { sentByBelievers & (1 << UInt16(3 * item + broker)) != 0 }
        func senders(of item: Int) -> Int { Int((sentByBelievers >> UInt16(3 * item)) & 7) }
    }
}
