import Dispatch
import Synchronization

/// Shared by the searches of one check: the deadline and the flag that stops every search
/// once one partition is found illegal (the history is illegal whatever the others say).
public final class SearchControl: Sendable {
    /// Monotonic nanoseconds after which searches give up, or nil for no limit.
    let deadlineNanoseconds: UInt64?
    private let cancelled = Atomic<Bool>(false)

    /// The share of a time limit kept for what follows the search (building the answer and the
    /// report, writing it, freeing the memo, the process's exit), so that the whole run ends
    /// within the limit: after a 10 s search that stopped at its deadline, those took 0.2–0.7 s.
    static let reservedShare = 0.01

    /// The deadline is `timeLimitSeconds` after `startedAtNanoseconds` (now by default), less
    /// the reserved share.
    public init(timeLimitSeconds: Double?, startedAtNanoseconds: UInt64? = nil) {
        if let timeLimitSeconds {
            let limit = UInt64(min(timeLimitSeconds * (1 - SearchControl.reservedShare), 1e9) * 1e9)
            deadlineNanoseconds = (startedAtNanoseconds ?? DispatchTime.now().uptimeNanoseconds) &+ limit
        } else {
            deadlineNanoseconds = nil
        }
    }

    public func cancel() { cancelled.store(true, ordering: .relaxed) }

    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// True when fewer than `nanoseconds` remain before the deadline.
    func isWithin(_ nanoseconds: UInt64) -> Bool {
        guard let deadlineNanoseconds else { return false }
        return DispatchTime.now().uptimeNanoseconds &+ nanoseconds >= deadlineNanoseconds
    }

    var isPastDeadline: Bool {
        guard let deadlineNanoseconds else { return false }
        return DispatchTime.now().uptimeNanoseconds >= deadlineNanoseconds
    }
}
