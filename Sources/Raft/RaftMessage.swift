/// A message between two members: raft.tla's `msource`, `mdest`, `mterm`, and the kind's fields.
/// Vote responses carry the term of the request they answer (for PreVote, a term the responder
/// has not entered), as etcd-io/raft does; every other message carries the sender's current term.
public struct RaftMessage: Hashable, Sendable, CustomStringConvertible {
    public var from: NodeID
    public var to: NodeID
    public var term: UInt64
    public var content: MessageContent

    public init(from: NodeID, to: NodeID, term: UInt64, content: MessageContent) {
        self.from = from
        self.to = to
        self.term = term
        self.content = content
    }

    public var kind: MessageKind { content.kind }

    public var description: String {
        let detail: String
        switch content {
        case .requestVoteRequest(let r), .preVoteRequest(let r):
            detail = "last \(r.lastLogIndex)@\(r.lastLogTerm)\(r.leadershipTransfer ? " transfer" : "")"
        case .requestVoteResponse(let r), .preVoteResponse(let r):
            detail = r.voteGranted ? "granted" : "rejected"
        case .appendEntriesRequest(let r):
            detail = "prev \(r.prevLogIndex)@\(r.prevLogTerm) entries \(r.entries.count) commit \(r.commitIndex)"
        case .appendEntriesResponse(let r):
            detail = r.success ? "match \(r.matchIndex)" : "reject \(r.rejectedIndex) hint \(r.hintIndex)@\(r.hintTerm)"
        case .heartbeatRequest(let r): detail = "commit \(r.commitIndex) read \(r.readContext)"
        case .heartbeatResponse(let r): detail = "read \(r.readContext)"
        case .installSnapshotRequest(let r):
            detail = "\(r.metadata.position) bytes \(r.offset)..<\(r.offset + r.data.count) of \(r.totalByteCount)"
        case .installSnapshotResponse(let r): detail = "\(r.snapshotIndex) next \(r.nextOffset)"
        case .timeoutNow: detail = ""
        case .readIndexRequest(let r): detail = "context \(r.context.count)B"
        case .readIndexResponse(let r): detail = "index \(r.readIndex)"
        case .transferLeadershipRequest(let transferee): detail = "to \(transferee)"
        }
        return "\(from)->\(to) t\(term) \(kind.rawValue) \(detail)"
    }
}
