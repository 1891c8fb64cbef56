/// One handover of the election key, measured from the store's history and the provider's
/// log: from the previous holder's last successful refresh (its last keep-alive or grant as
/// the store applied it) to the next holder's campaign (the key created) and to its first charge
/// request. `cause` is how the previous key went: its lease expired (a dead leader), was revoked,
/// or the key was deleted (a resign).
public struct FailoverFigure: Hashable, Sendable {
    public enum Cause: String, Hashable, Sendable {
        case expired, revoked, resigned
    }

    public var fencingToken: Int64
    public var cause: Cause
    public var toCampaignMilliseconds: Int64
    /// nil when the new leader charged nothing (nothing was due during its term).
    public var toFirstChargeMilliseconds: Int64?

    public init(fencingToken: Int64, cause: Cause, toCampaignMilliseconds: Int64, toFirstChargeMilliseconds: Int64?) {
        precondition(toCampaignMilliseconds >= 0, "a handover follows the refresh it is measured from")
        self.fencingToken = fencingToken
        self.cause = cause
        self.toCampaignMilliseconds = toCampaignMilliseconds
        self.toFirstChargeMilliseconds = toFirstChargeMilliseconds
    }
}
