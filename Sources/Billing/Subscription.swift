/// One subscription: period `n` falls due on day `startDay + n · plan.days`; `nextPeriod` is
/// the first period not yet charged (its due day is the next due date).
public struct Subscription: Hashable, Sendable {
    public var id: String
    public var plan: Plan
    public var amountCents: Int64
    public var startDay: Int64
    public var nextPeriod: Int

    public init(id: String, plan: Plan, amountCents: Int64, startDay: Int64 = 0, nextPeriod: Int = 0) {
        precondition(!id.isEmpty && amountCents > 0 && startDay >= 0 && nextPeriod >= 0, "a valid subscription")
        self.id = id
        self.plan = plan
        self.amountCents = amountCents
        self.startDay = startDay
        self.nextPeriod = nextPeriod
    }

    public func dueDay(ofPeriod period: Int) -> Int64 { startDay + Int64(period) * plan.days }

    public var nextDueDay: Int64 { dueDay(ofPeriod: nextPeriod) }
}
