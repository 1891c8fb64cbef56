import Dispatch
import Synchronization

/// Shared by the searches of one check: the deadline and the flag that stops every search
/// once one partition is found illegal (the history is illegal whatever the others say).
public final class SearchControl: Sendable {
    /// Monotonic nanoseconds after which searches give up, or nil for no limit.
    let deadlineNanoseconds: UInt64?
    private let cancelled = Atomic<Bool>(false)

    /// The deadline is `timeLimitSeconds` after `startedAtNanoseconds` (now by default).
    public init(timeLimitSeconds: Double?, startedAtNanoseconds: UInt64? = nil) {
        if let timeLimitSeconds {
            let limit = UInt64(min(timeLimitSeconds, 1e9) * 1e9)
            deadlineNanoseconds = (startedAtNanoseconds ?? DispatchTime.now().uptimeNanoseconds) &+ limit
        } else {
            deadlineNanoseconds = nil
        }
    }

    public func cancel() { cancelled.store(true, ordering: .relaxed) }

    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    var isPastDeadline: Bool {
        guard let deadlineNanoseconds else { return false }
        return DispatchTime.now().uptimeNanoseconds >= deadlineNanoseconds
    }
}
