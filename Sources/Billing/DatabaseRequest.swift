/// A request to the subscription database. Every request names its writer and the fencing
/// token it claims (for the write log the audits read); a `fenced` write is accepted only if
/// its token is at least the highest the database has accepted (SQL's
/// `UPDATE … WHERE token <= :mine`), and raises it.
public struct DatabaseRequest: Hashable, Sendable {
    public enum Operation: Hashable, Sendable {
        /// Subscriptions due by the database's clock without an intent, and pending intents.
        case readDue
        case recordIntent(ChargeKey, amountCents: Int64)
        case recordOutcome(ChargeKey, chargeID: Int64)
    }

    public var writer: Int
    public var token: Int64
    public var fenced: Bool
    public var operation: Operation

    public init(writer: Int, token: Int64, fenced: Bool, operation: Operation) {
        self.writer = writer
        self.token = token
        self.fenced = fenced
        self.operation = operation
    }
}
