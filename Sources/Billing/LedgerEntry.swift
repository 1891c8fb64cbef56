/// One charge the provider made: the ground truth of what customers paid.
public struct LedgerEntry: Hashable, Sendable {
    public var chargeID: Int64
    public var item: ChargeKey
    public var amountCents: Int64
    public var time: Int64

    public init(chargeID: Int64, item: ChargeKey, amountCents: Int64, time: Int64) {
        self.chargeID = chargeID
        self.item = item
        self.amountCents = amountCents
        self.time = time
    }
}
