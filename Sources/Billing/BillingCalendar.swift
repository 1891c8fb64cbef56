/// The billing calendar, compressed: one billing day is `dayMilliseconds` of simulated time,
/// independent of Raft's ticks, so monthly and yearly periods both fall due within a run.
/// "Due" is decided by the database's clock.
public struct BillingCalendar: Hashable, Sendable {
    public var dayMilliseconds: Int64

    public init(dayMilliseconds: Int64) {
        precondition(dayMilliseconds >= 1, "a billing day lasts at least a millisecond")
        self.dayMilliseconds = dayMilliseconds
    }

    /// The billing day at `time` (day 0 starts at time 0).
    public func day(at time: Int64) -> Int64 {
        precondition(time >= 0, "simulated time starts at 0")
        return time / dayMilliseconds
    }

    /// The first time of a billing day.
    public func start(ofDay day: Int64) -> Int64 { day * dayMilliseconds }
}
