/// How a leader sends to one follower (etcd's `tracker.StateType`).
public enum ProgressState: String, Hashable, Sendable {
    /// The leader does not know where the follower's log matches: one AppendEntries at a time,
    /// each answered before the next, walking back with the rejection hints.
    case probe
    /// The follower's log matches up to `match`: entries stream optimistically, bounded by the
    /// inflight limits.
    case replicate
    /// The follower needs entries the leader compacted: the snapshot goes out in chunks, one at a
    /// time, and nothing else until the follower has it.
    case snapshot
}
