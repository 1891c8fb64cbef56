/// RequestVote's arguments (Figure 2), shared by the real vote and the PreVote round: the
/// candidate's last log position, for the election restriction (§5.4.1).
public struct RequestVoteRequest: Hashable, Sendable {
    public var lastLogIndex: UInt64
    public var lastLogTerm: UInt64
    /// Set when the campaign follows a TimeoutNow (thesis §3.10): voters grant it even while they
    /// still hear from a leader (etcd's `campaignTransfer`).
    public var leadershipTransfer: Bool

    public init(lastLogIndex: UInt64, lastLogTerm: UInt64, leadershipTransfer: Bool = false) {
        self.lastLogIndex = lastLogIndex
        self.lastLogTerm = lastLogTerm
        self.leadershipTransfer = leadershipTransfer
    }
}
