/// RequestVote's result (Figure 2): `voteGranted`, as Models/RaftElection names it.
public struct RequestVoteResponse: Hashable, Sendable {
    public var voteGranted: Bool

    public init(voteGranted: Bool) { self.voteGranted = voteGranted }
}
