/// A server's role. `follower`, `candidate` and `leader` are raft.tla's (and Models/RaftElection's)
/// `state`; `preCandidate` is the PreVote phase of Ongaro's thesis §9.6, in which a server asks
/// whether it could win before it raises its term.
public enum RaftRole: String, Hashable, Sendable, CaseIterable {
    case follower
    case preCandidate
    case candidate
    case leader
}
