/// The provider's answer: the charge made for the idempotency key (the first one's, when the
/// key was seen within the retention window).
public struct ChargeResponse: Hashable, Sendable {
    public var item: ChargeKey
    public var idempotencyKey: String
    public var chargeID: Int64
    public var deduplicated: Bool

    public init(item: ChargeKey, idempotencyKey: String, chargeID: Int64, deduplicated: Bool) {
        self.item = item
        self.idempotencyKey = idempotencyKey
        self.chargeID = chargeID
        self.deduplicated = deduplicated
    }
}
