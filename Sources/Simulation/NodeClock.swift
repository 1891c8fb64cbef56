/// One process's clock in simulated time: an offset (skew) and a rate (drift). It reads
/// `anchorLocal` at `anchorSimulated` and advances `tickMilliseconds` of its own per
/// `intervalMilliseconds` of simulated time (the interval its ticker fires at). A rate change
/// re-anchors it, so the clock never jumps. A paused process's clock keeps running (a GC pause
/// does not stop the monotonic clock): it wakes to find the time moved on.
struct NodeClock: Hashable, Sendable {
    var anchorSimulated: Int64
    var anchorLocal: Int64
    let tickMilliseconds: Int64
    private(set) var intervalMilliseconds: Int64

    init(offset: Int64, tickMilliseconds: Int64, intervalMilliseconds: Int64) {
        precondition(tickMilliseconds > 0 && intervalMilliseconds > 0, "a clock that runs")
        anchorSimulated = 0
        anchorLocal = offset
        self.tickMilliseconds = tickMilliseconds
        self.intervalMilliseconds = intervalMilliseconds
    }

    func reading(at now: Int64) -> Int64 {
        precondition(now >= anchorSimulated, "a clock is read forward in time")
        return anchorLocal + (now - anchorSimulated) * tickMilliseconds / intervalMilliseconds
    }

    mutating func setInterval(_ interval: Int64, at now: Int64) {
        precondition(interval > 0, "a clock that runs")
        anchorLocal = reading(at: now)
        anchorSimulated = now
        intervalMilliseconds = interval
    }
}
