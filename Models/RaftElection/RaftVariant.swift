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
    /// A candidate wins with half the votes, ⌈N/2⌉ (`2 * votes >= N`), instead of a strict
    /// majority. For an odd N, ⌈N/2⌉ is a majority, so the variant equals the correct design
    /// there: the family refuses it with an odd number of servers.
    case halfQuorum
    /// Vote responses from an older term are counted instead of dropped as stale.
    case countStaleVotes
    /// A follower accepts an AppendEntries request without checking that its entry at
    /// `prevLogIndex` has term `prevLogTerm` (only that the index exists): the consistency
    /// check of §5.3 is gone.
    case noPrevLogTermCheck
    /// `currentTerm` is not durable: a restarted server comes back in term 1 (keeping its
    /// vote and log).
    case forgetTermOnRestart
}
