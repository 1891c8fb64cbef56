/// One step of raft.tla's `Next`, with the parameters its existential quantifiers choose.
/// Server ids are 0-based; values are indexes into `Value`.
public enum RaftAction: Hashable, Sendable {
    case restart(Int)
    case timeout(Int)
    case requestVote(Int, Int)
    case becomeLeader(Int)
    case clientRequest(Int, Int)
    case advanceCommitIndex(Int)
    case appendEntries(Int, Int)
    /// `Receive(m)`: which of its disjuncts applies is decided by `receiveStep`.
    case receive(RaftMessage)
    case duplicate(RaftMessage)
    case drop(RaftMessage)
}
