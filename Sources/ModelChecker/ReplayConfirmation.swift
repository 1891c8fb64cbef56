/// Whether replay re-established a reproduced trace's recorded verdict. A verdict replay cannot
/// re-check (a property the model does not declare, an outcome with no trace to check, a
/// dead end too large to re-explore) is not confirmed: replay never vouches for what it did
/// not check.
public struct ReplayConfirmation: Sendable, Equatable, CustomStringConvertible {
    public var confirmed: Bool
    /// What was re-checked, or why nothing could be: one clause, without the verdict word.
    public var reason: String

    public static func confirmed(_ reason: String) -> ReplayConfirmation {
        ReplayConfirmation(confirmed: true, reason: reason)
    }

    public static func notConfirmed(_ reason: String) -> ReplayConfirmation {
        ReplayConfirmation(confirmed: false, reason: reason)
    }

    public var description: String { (confirmed ? "confirmed: " : "NOT confirmed: ") + reason }
}
