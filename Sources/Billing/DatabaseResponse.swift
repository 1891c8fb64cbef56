/// The database's answer.
public enum DatabaseResponse: Hashable, Sendable {
    /// What is due: new items (by the database's clock) and intents still pending.
    case due(newItems: [ChargeIntent], pendingIntents: [ChargeIntent])
    /// The write was accepted (or had been already): the intent as it is now.
    case written(ChargeIntent)
    /// A fenced write with a token below `highestToken` was refused; nothing changed.
    case fenceRefused(highestToken: Int64)
    /// The write made no sense (not the subscription's due period, not yet due, no intent).
    case conflict(String)
    /// The database could not serve it (a fault); nothing changed.
    case unavailable
}
