/// The disjunct of `Receive(m)` that a message meets; they exclude one another, so a
/// message has at most one (none for an AppendEntries request of a leader's own term).
public enum RaftReceiveStep: Hashable, Sendable {
    case updateTerm
    case handleVoteRequest(grant: Bool)
    case dropStaleResponse
    case handleVoteResponse
    case rejectAppendEntries
    case returnToFollower
    /// The "already done with request" branch: acknowledge and adopt the commit index.
    case acknowledgeAppendEntries
    /// The "conflict" branch: drop the last entry; the request stays in the bag.
    case removeConflictingEntry
    /// The "no conflict" branch: append the entry; the request stays in the bag.
    case appendEntry
    case handleAppendEntriesResponse
}
