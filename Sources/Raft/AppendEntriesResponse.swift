/// AppendEntries' result. On success `matchIndex` is the last index the follower now knows to
/// match the leader's log (the request's last entry, or its commit index for a stale request).
/// On failure `rejectedIndex` is the request's `prevLogIndex`, and the hint (`hintIndex`,
/// `hintTerm`) is the follower's guess of the largest position at which the logs may match: the
/// last entry at or below `rejectedIndex` whose term is at most the request's `prevLogTerm`. The
/// leader skips a whole term per round trip with it (§5.3's optimisation; etcd's `RejectHint`).
public struct AppendEntriesResponse: Hashable, Sendable {
    public var success: Bool
    public var matchIndex: UInt64
    public var rejectedIndex: UInt64
    public var hintIndex: UInt64
    public var hintTerm: UInt64

    public static func accepted(matchIndex: UInt64) -> AppendEntriesResponse {
        AppendEntriesResponse(success: true, matchIndex: matchIndex, rejectedIndex: 0, hintIndex: 0, hintTerm: 0)
    }

    public static func rejected(index: UInt64, hint: LogPosition) -> AppendEntriesResponse {
        AppendEntriesResponse(success: false, matchIndex: 0, rejectedIndex: index, hintIndex: hint.index, hintTerm: hint.term)
    }

    public init(success: Bool, matchIndex: UInt64, rejectedIndex: UInt64, hintIndex: UInt64, hintTerm: UInt64) {
        self.success = success
        self.matchIndex = matchIndex
        self.rejectedIndex = rejectedIndex
        self.hintIndex = hintIndex
        self.hintTerm = hintTerm
    }
}
