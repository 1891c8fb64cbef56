/// The broker's identity, timing and bounds (milliseconds of the broker's clock).
public struct BrokerConfiguration: Hashable, Sendable {
    public var id: Int
    /// How often a leader reads what is due.
    public var scanIntervalMilliseconds: Int64
    /// A database request unanswered this long is sent again (writes are idempotent).
    public var databaseTimeoutMilliseconds: Int64
    /// A charge unanswered this long is sent again, with the same idempotency key.
    public var chargeRetryMilliseconds: Int64
    /// Items in progress at once.
    public var itemsInflightMax: Int

    public init(id: Int, scanIntervalMilliseconds: Int64 = 1000, databaseTimeoutMilliseconds: Int64 = 1000,
                chargeRetryMilliseconds: Int64 = 1000, itemsInflightMax: Int = 16) {
        precondition(id >= 0 && scanIntervalMilliseconds >= 1 && databaseTimeoutMilliseconds >= 1, "a valid broker")
        precondition(chargeRetryMilliseconds >= 1 && itemsInflightMax >= 1, "positive bounds")
        self.id = id
        self.scanIntervalMilliseconds = scanIntervalMilliseconds
        self.databaseTimeoutMilliseconds = databaseTimeoutMilliseconds
        self.chargeRetryMilliseconds = chargeRetryMilliseconds
        self.itemsInflightMax = itemsInflightMax
    }
}
