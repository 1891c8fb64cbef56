/// Everything a node asks of its caller since the last `advance`. The caller handles it in this
/// order, then calls `advance(_:)` with it before touching the node again:
///
/// 1. Persist: `snapshot` (if any), then `entries` (an entry at an index storage already holds
///    replaces it and every entry after it), then `hardState`, then `compaction`; then, when
///    `mustSync`, sync (`RaftStorage.persist(_:)` does all of this).
/// 2. Send `messages`. They may promise what step 1 wrote (a vote, an acknowledged entry), so
///    they never leave before it is durable.
/// 3. Restore the state machine from `snapshotToApply` (if any), then apply `committedEntries`
///    in order (an entry with empty data is a new leader's no-op).
/// 4. Serve `readStates`: each read's index is applied by now.
public struct Ready: Sendable {
    public var softState: SoftState
    /// Nil when unchanged since the last persisted hard state.
    public var hardState: HardState?
    public var entries: [LogEntry]
    /// A snapshot to persist: one this node took (`compact`) or one a leader sent it.
    public var snapshot: Snapshot?
    /// Storage may drop entries at or below this position (a snapshot covers them).
    public var compaction: LogPosition?
    /// Whether step 1 must end with a sync: a new term, vote, entry or snapshot must be durable
    /// before messages go out; a commit index alone need not be.
    public var mustSync: Bool
    public var messages: [RaftMessage]
    /// The snapshot the application restores its state machine from: one received from the
    /// leader, or, after a restart, the last one persisted.
    public var snapshotToApply: Snapshot?
    public var committedEntries: [LogEntry]
    public var readStates: [ReadState]
    /// Identifies the node state this Ready was taken from; `advance` checks it.
    let stamp: UInt64

    init(softState: SoftState, hardState: HardState?, entries: [LogEntry], snapshot: Snapshot?,
         compaction: LogPosition?, mustSync: Bool, messages: [RaftMessage], snapshotToApply: Snapshot?,
         committedEntries: [LogEntry], readStates: [ReadState], stamp: UInt64) {
        self.softState = softState
        self.hardState = hardState
        self.entries = entries
        self.snapshot = snapshot
        self.compaction = compaction
        self.mustSync = mustSync
        self.messages = messages
        self.snapshotToApply = snapshotToApply
        self.committedEntries = committedEntries
        self.readStates = readStates
        self.stamp = stamp
    }
}
