/// The database's record that a broker is about to charge an item: written (fenced) before the
/// charge is sent, completed (fenced) with the provider's charge id afterwards. A pending
/// intent left by a broker that died is completed or retried by its successor, with the same
/// idempotency key.
public struct ChargeIntent: Hashable, Sendable {
    public enum State: Hashable, Sendable {
        case pending
        case charged(chargeID: Int64)
    }

    public var key: ChargeKey
    public var amountCents: Int64
    public var state: State
    /// The fencing token of the last broker that claimed it.
    public var token: Int64

    public init(key: ChargeKey, amountCents: Int64, state: State = .pending, token: Int64) {
        self.key = key
        self.amountCents = amountCents
        self.state = state
        self.token = token
    }
}
