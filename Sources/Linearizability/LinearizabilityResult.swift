/// How a check reached its answer.
public enum CheckMethod: String, Sendable, CaseIterable {
    /// Each partition (operations with connected footprints) searched on its own; the
    /// history is linearizable exactly when every partition is (Herlihy and Wing's locality).
    case partitioned
    /// One search over the whole history, trusting nothing about the specification.
    case whole
    /// Checked whole: every partition's linearization merged into one order that respects
    /// real time, and the merge replayed against the whole specification.
    case wholeWitness = "whole-witness"
    /// Checked whole: one partition has no linearization, so by locality the whole history
    /// has none.
    case wholeLocality = "whole-locality"
}

/// The answer for a whole history: the combined outcome and one result per partition.
public struct LinearizabilityResult<S: Specification>: Sendable {
    public var outcome: Verdict
    /// In a stable order: partitions sorted by their first operation. For `wholeLocality`,
    /// the one illegal partition that decided.
    public var partitions: [PartitionResult<S>]
    /// Wall-clock seconds the check took inside this process (parsing excluded).
    public var seconds: Double
    public var method: CheckMethod
    /// How the answer was reached, as a sentence, when that is more than one search per
    /// partition (a whole check decided from the partitions).
    public var note: String?
    /// The memoization caches' peak in bytes, summed over every partition searched (they may
    /// run at once), including those a whole check decided by locality does not keep.
    public var peakMemoBytes: Int

    public init(
        outcome: Verdict, partitions: [PartitionResult<S>], seconds: Double, method: CheckMethod = .partitioned,
        note: String? = nil, peakMemoBytes: Int? = nil
    ) {
        self.outcome = outcome
        self.partitions = partitions
        self.seconds = seconds
        self.method = method
        self.note = note
        self.peakMemoBytes = peakMemoBytes ?? partitions.reduce(0) { $0 + $1.peakMemoBytes }
    }

    /// The illegal partitions, in order.
    public var illegalPartitions: [PartitionResult<S>] { partitions.filter { $0.outcome == .illegal } }

    /// Total configurations the searches explored (a measure of work that is the same on
    /// every run of the same history).
    public var statesExplored: Int { partitions.reduce(0) { $0 + $1.statesExplored } }

}

/// The answer for one partition (one independent object, or the whole history).
public struct PartitionResult<S: Specification>: Sendable {
    public var outcome: Verdict
    /// The ids (positions in the history) of the partition's operations, in history order.
    public var operationIDs: [Int]
    /// For `ok`: a linearization. For `illegal`: the longest linearizable prefix found. For
    /// `unknown`: the longest prefix found before the search stopped. Each step carries the
    /// state after it. Pending operations that never took effect are absent.
    public var linearization: [LinearizationStep<S.State>]
    /// For `illegal`: the operations that could have come next after the prefix, and why
    /// each cannot.
    public var blocked: [BlockedOperation<S.Output>]
    /// Why an `unknown` partition stopped.
    public var unknownReason: String?
    public var statesExplored: Int
    /// The largest memoization cache the search held at once, in bytes (an estimate: the
    /// quantity `LinearizabilityOptions.cacheBytesMax` bounds).
    public var peakMemoBytes: Int
    /// How many times the search cut the partition where no completed operation was open
    /// (see `PartitionSearch`).
    public var cuts: Int
    /// For an `illegal` decided before any search: the observations that contradict each other
    /// (see `ProgressOrder` and `Specification.contradiction(among:)`). Nil otherwise.
    public var contradiction: Contradiction?

    public init(
        outcome: Verdict, operationIDs: [Int], linearization: [LinearizationStep<S.State>],
        blocked: [BlockedOperation<S.Output>] = [], unknownReason: String? = nil, statesExplored: Int,
        peakMemoBytes: Int = 0, cuts: Int = 0, contradiction: Contradiction? = nil
    ) {
        precondition(contradiction == nil || outcome == .illegal, "a contradiction makes a partition illegal")
        self.outcome = outcome
        self.operationIDs = operationIDs
        self.linearization = linearization
        self.blocked = blocked
        self.unknownReason = unknownReason
        self.statesExplored = statesExplored
        self.peakMemoBytes = peakMemoBytes
        self.cuts = cuts
        self.contradiction = contradiction
    }
}

/// One operation of a (partial) linearization and the state it left.
public struct LinearizationStep<State: Sendable>: Sendable {
    public var operationID: Int
    public var state: State
    public init(operationID: Int, state: State) {
        self.operationID = operationID
        self.state = state
    }
}

/// An operation that could not be placed next after the longest linearizable prefix.
public struct BlockedOperation<Output: Sendable>: Sendable {
    public var operationID: Int
    /// What the specification would have returned in the state after the prefix (empty
    /// when the operation is not enabled there at all).
    public var expected: [Output]
    /// True when the specification accepts the observed output here but every way of
    /// continuing after it failed later; false when the output itself is impossible here.
    public var acceptedButDeadEnd: Bool
    public init(operationID: Int, expected: [Output], acceptedButDeadEnd: Bool) {
        self.operationID = operationID
        self.expected = expected
        self.acceptedButDeadEnd = acceptedButDeadEnd
    }
}
