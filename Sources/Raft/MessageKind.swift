/// The kinds of `MessageContent`, without their fields.
public enum MessageKind: String, Hashable, Sendable, CaseIterable {
    case requestVoteRequest
    case requestVoteResponse
    case appendEntriesRequest
    case appendEntriesResponse
    case preVoteRequest
    case preVoteResponse
    case heartbeatRequest
    case heartbeatResponse
    case installSnapshotRequest
    case installSnapshotResponse
    case timeoutNow
    case readIndexRequest
    case readIndexResponse
    case transferLeadershipRequest
}
