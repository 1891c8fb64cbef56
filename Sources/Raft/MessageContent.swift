/// What a message says. The first four kinds are Figure 2's RPCs (named as Models/RaftElection
/// names them); the rest are the extensions etcd-io/raft has: PreVote, heartbeats, chunked
/// InstallSnapshot, ReadIndex, and leadership transfer.
public enum MessageContent: Hashable, Sendable {
    case requestVoteRequest(RequestVoteRequest)
    case requestVoteResponse(RequestVoteResponse)
    case appendEntriesRequest(AppendEntriesRequest)
    case appendEntriesResponse(AppendEntriesResponse)
    /// PreVote (thesis §9.6): the same question for `term`, which the sender has not entered.
    case preVoteRequest(RequestVoteRequest)
    case preVoteResponse(RequestVoteResponse)
    case heartbeatRequest(HeartbeatRequest)
    case heartbeatResponse(HeartbeatResponse)
    case installSnapshotRequest(InstallSnapshotRequest)
    case installSnapshotResponse(InstallSnapshotResponse)
    /// The leader tells an up-to-date transferee to campaign at once (thesis §3.10).
    case timeoutNow
    case readIndexRequest(ReadIndexRequest)
    case readIndexResponse(ReadIndexResponse)
    /// A follower forwarding `transferLeadership(to:)` to its leader.
    case transferLeadershipRequest(transferee: NodeID)

    /// The kind alone, for filtering and counting.
    public var kind: MessageKind {
        switch self {
        case .requestVoteRequest: .requestVoteRequest
        case .requestVoteResponse: .requestVoteResponse
        case .appendEntriesRequest: .appendEntriesRequest
        case .appendEntriesResponse: .appendEntriesResponse
        case .preVoteRequest: .preVoteRequest
        case .preVoteResponse: .preVoteResponse
        case .heartbeatRequest: .heartbeatRequest
        case .heartbeatResponse: .heartbeatResponse
        case .installSnapshotRequest: .installSnapshotRequest
        case .installSnapshotResponse: .installSnapshotResponse
        case .timeoutNow: .timeoutNow
        case .readIndexRequest: .readIndexRequest
        case .readIndexResponse: .readIndexResponse
        case .transferLeadershipRequest: .transferLeadershipRequest
        }
    }
}
