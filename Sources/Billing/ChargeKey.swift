/// One billable item: a subscription's period. Its text is the idempotency key the broker
/// sends the provider, the same on every attempt and from every broker.
public struct ChargeKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var subscription: String
    public var period: Int

    public init(subscription: String, period: Int) {
        precondition(period >= 0, "periods count from 0")
        self.subscription = subscription
        self.period = period
    }

    public var idempotencyKey: String { "\(subscription)/\(period)" }
    public var description: String { idempotencyKey }

    public static func < (a: ChargeKey, b: ChargeKey) -> Bool { (a.subscription, a.period) < (b.subscription, b.period) }
}
