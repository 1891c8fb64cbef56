/// The verdict on one property.
public enum Outcome: String, Sendable, CaseIterable {
    /// `always`, `transition` or `alwaysPossibly`: no violation in the complete space.
    case holds
    /// A counterexample exists (definite even on an incomplete search).
    case violated
    /// `sometimes`: a witness state was reached.
    case witnessed
    /// `sometimes`: the complete space holds no witness; the check around it is vacuous.
    case unwitnessed
    /// The property does not apply to this configuration.
    case notApplicable
    /// No violation found, but the search was incomplete (or, for `alwaysPossibly`, the
    /// verdict depends on successors cut by the constraint).
    case unknown

    /// Whether this outcome fails a run that expects the property to hold.
    public var isFailure: Bool { self == .violated || self == .unwitnessed }
}

/// One property's result, with its trace when there is one.
public struct PropertyResult<M: Model>: Sendable {
    public var name: String
    public var kind: Property<M>.Kind
    public var outcome: Outcome
    /// The counterexample (violated) or witness (witnessed).
    public var trace: Trace<M>?
    /// For `alwaysPossibly` violations: the trace ends in a state from which the goal can no
    /// longer be reached. For DFS and random walks: the trace is not necessarily shortest.
    public var note: String?
}

/// The numbers of a run, as TLC reports them.
public struct CheckStatistics: Sendable, Equatable {
    /// Successor states computed (initial states included), constraint-cut ones too.
    public var generated = 0
    /// Distinct states stored (orbits with symmetry).
    public var distinct = 0
    /// TLC's depth: the number of states on the longest shortest path; the initial state is 1.
    public var depth = 0
    public var seconds = 0.0
    /// The largest number of states waiting in the queue (a breadth-first level).
    public var peakQueue = 0
    /// Bytes of the visited set (fingerprint table or exact store).
    public var tableBytes = 0
    /// Bytes of parent links (for traces), apart from the table.
    public var parentBytes = 0
    /// Bytes of the stored state graph for `alwaysPossibly`, apart from the table.
    public var graphBytes = 0
    public var workers = 1
    /// TLC's optimistic estimate of a fingerprint collision (0 with `exact`).
    public var collisionProbability = 0.0

    public init() {}

    public var statesPerSecond: Double { seconds > 0 ? Double(distinct) / seconds : 0 }
    public var bytesPerState: Double { distinct > 0 ? Double(tableBytes) / Double(distinct) : 0 }
}

/// What a run found.
public struct CheckResult<M: Model>: Sendable {
    public var strategy: CheckOptions.Strategy
    /// True when the whole constrained state space was explored.
    public var complete: Bool
    /// Why an incomplete run stopped; nil for a complete one.
    public var stoppedBy: StopReason?
    public var statistics: CheckStatistics
    public var symmetry: Bool
    public var exact: Bool
    public var properties: [PropertyResult<M>]

    public func result(_ name: String) -> PropertyResult<M>? { properties.first { $0.name == name } }
    public func outcome(_ name: String) -> Outcome? { result(name)?.outcome }
    public func result(_ id: M.PropertyID) -> PropertyResult<M>? { result(id.name) }
    public func outcome(_ id: M.PropertyID) -> Outcome? { result(id.name)?.outcome }
}

/// A path from an initial state: the initial state, then each action with the state after it.
public struct Trace<M: Model>: Sendable {
    public var initial: M.State
    public var steps: [(action: M.Action, state: M.State)]

    public init(initial: M.State, steps: [(action: M.Action, state: M.State)]) {
        self.initial = initial
        self.steps = steps
    }

    /// The number of actions.
    public var length: Int { steps.count }
    public var last: M.State { steps.last?.state ?? initial }
}
