/// Why a search stopped before it had explored the whole (constrained) state space. A complete
/// search has none.
public enum StopReason: Sendable, Equatable, CustomStringConvertible {
    /// States at this depth were not expanded (`--max-depth`).
    case maxDepth(Int)
    /// At least this many distinct states were stored (`--max-states`).
    case maxStates(Int)
    /// The time limit in seconds ran out (`--time-limit`).
    case timeLimit(Double)
    /// A violation was found and `--stop-at-first` was given.
    case firstViolation
    /// Every property had an outcome, so the rest of the space could change none of them.
    case everyPropertyDecided
    /// Random walks sample the space; they never exhaust it.
    case randomWalks(walks: Int, seed: UInt64)

    /// Whether stopping for this reason still decided every property, so that an `unknown`
    /// outcome can only come from a property the search could not decide.
    public var decidedEverything: Bool { self == .everyPropertyDecided }

    public var description: String {
        switch self {
        case .maxDepth(let depth): return "max-depth \(depth)"
        case .maxStates(let states): return "max-states \(states)"
        case .timeLimit(let seconds): return "time limit \(seconds)s"
        case .firstViolation: return "first violation (--stop-at-first)"
        case .everyPropertyDecided: return "every property decided"
        case .randomWalks(let walks, let seed): return "random walks (\(walks) of seed \(seed))"
        }
    }
}
