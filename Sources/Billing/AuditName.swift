/// The audits of a billing run, each a claim computed from the provider's request log, its
/// ledger, the database and the store's history (never from a broker's beliefs).
public enum AuditName: String, Hashable, Sendable, CaseIterable {
    /// No (subscription, period) charged twice, none before it was due, every amount the plan's.
    case atMostOnce
    /// No charge request sent by a broker whose lease had already expired at the store.
    case noChargeAfterLeaseExpired
    /// No item sent under an older election revision after it was sent under a newer one
    /// (two senders each believing they led).
    case noItemUnderTwoRevisionsAtOnce
    /// The database accepted writes in fencing-token order.
    case writesInTokenOrder
    /// After the faults stop, every period due is charged within a bounded simulated time.
    case atLeastOnce
    /// At quiescence, the ledger and the database's intents agree, item by item.
    case ledgerMatchesDatabase
}
