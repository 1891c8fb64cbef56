/// The correct specification and the bugs the model must catch.
public enum RaftVariant: String, Sendable, CaseIterable {
    /// raft.tla as published.
    case correct
    /// `votedFor` is not durable: a restarted server forgets its vote and may vote twice in
    /// one term (`RestartForgetVote` of MCraft.tla).
    case forgetVoteOnRestart
    /// Votes are granted without the election restriction of §5.4.1 (`logOk` is true).
    case noUpToDateCheck
    /// A leader commits an entry of an earlier term by counting replicas (Figure 8):
    /// `AdvanceCommitIndex` drops the check that the entry is of the current term.
    case commitByCountingOldTerm
    /// A candidate wins with ⌊N/2⌋ votes instead of a majority.
    case halfQuorum
    /// Vote responses from an older term are counted instead of dropped as stale.
    case countStaleVotes
}
