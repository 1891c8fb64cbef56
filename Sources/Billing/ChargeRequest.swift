/// A charge as the broker sends it to the provider: the item, its amount and the idempotency
/// key. `sender`, `lease` and `fencingToken` are metadata the provider ignores (it knows
/// nothing of fencing) but logs, for the audits.
public struct ChargeRequest: Hashable, Sendable {
    public var item: ChargeKey
    public var amountCents: Int64
    public var idempotencyKey: String
    public var sender: Int
    public var lease: Int64
    public var fencingToken: Int64

    public init(item: ChargeKey, amountCents: Int64, idempotencyKey: String, sender: Int, lease: Int64, fencingToken: Int64) {
        self.item = item
        self.amountCents = amountCents
        self.idempotencyKey = idempotencyKey
        self.sender = sender
        self.lease = lease
        self.fencingToken = fencingToken
    }
}
