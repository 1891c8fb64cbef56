/// What re-executing a trace showed.
public enum ReplayOutcome: Sendable, Equatable {
    /// Every step reproduced; `confirmation` says whether the recorded verdict held again.
    case reproduced(steps: Int, confirmation: ReplayConfirmation)
    /// Step `step` (0 for the initial state) did not reproduce.
    case diverged(step: Int, reason: String)

    public var reproduced: Bool { if case .reproduced = self { return true }; return false }

    /// Whether the trace reproduced and its recorded verdict was re-established.
    public var confirmed: Bool { if case .reproduced(_, let confirmation) = self { return confirmation.confirmed }; return false }
}
