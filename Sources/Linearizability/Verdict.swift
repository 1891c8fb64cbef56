/// The three answers a linearizability check can give.
public enum Verdict: String, Sendable, Comparable, CaseIterable {
    /// A linearization exists (one is reported).
    case ok
    /// The search ran out of time or memory before deciding.
    case unknown
    /// No linearization exists.
    case illegal

    /// Combining partitions: any illegal partition makes the history illegal; otherwise any
    /// undecided partition leaves it unknown.
    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.severity < rhs.severity }

    private var severity: Int {
        switch self {
        case .ok: return 0
        case .unknown: return 1
        case .illegal: return 2
        }
    }
}
