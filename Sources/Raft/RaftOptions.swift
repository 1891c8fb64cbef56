/// A node's configuration: who it is, who its peers are, its timing in ticks, its features, and a
/// named limit for every queue, batch and buffer it keeps (each unit last in its name).
public struct RaftOptions: Sendable {
    public var id: NodeID
    /// Every voting member, this node included (fixed in this wave).
    public var members: [NodeID]

    /// T: a follower that hears from no leader for a random timeout in [T, 2T) ticks campaigns.
    public var electionTimeoutTicks = 10
    /// The leader sends heartbeats every this many ticks (less than T).
    public var heartbeatIntervalTicks = 1
    /// Ask before raising the term (thesis §9.6), so a rejoining node does not depose a leader.
    public var preVote = true
    /// A leader that hears from no quorum for an election timeout steps down, and a follower that
    /// heard from a leader within the election timeout does not grant votes (leader stickiness).
    public var checkQuorum = true

    /// Bytes of entries (`LogEntry.byteCount`) in one AppendEntries; at least one entry is sent.
    public var appendEntriesBytesMax = 1 << 20
    /// Entries in one AppendEntries, whatever their size (etcd-io/raft bounds messages by bytes
    /// only, `MaxSizePerMsg`; a count bound makes a long catch-up take several messages even
    /// when entries are small, so a follower can hold part of a leader's suffix, as in Figure 8).
    public var entriesPerAppendMax = 4096
    /// AppendEntries in flight to one follower in the replicate state (flow control).
    public var inflightMessagesMax = 256
    /// Entry bytes in flight to one follower in the replicate state.
    public var inflightBytesMax = 64 << 20
    /// The largest proposal's data.
    public var entryBytesMax = 1 << 20
    /// Data bytes the leader holds proposed but not yet committed; proposals beyond are refused.
    public var uncommittedBytesMax = 64 << 20
    /// Bytes of committed entries handed to the application in one Ready (at least one entry).
    public var committedEntriesBytesMax = 8 << 20
    /// Bytes of snapshot data in one InstallSnapshot chunk.
    public var snapshotChunkBytesMax = 1 << 20
    /// The largest snapshot a follower accepts from a leader.
    public var snapshotBytesMax = 1 << 30
    /// Entries kept below a new snapshot's index when the log is compacted, so that slightly
    /// lagging followers catch up from the log rather than from the snapshot.
    public var compactionRetainedEntries: UInt64 = 1024
    /// Linearizable reads waiting at the leader (for confirmation or for its first commit).
    public var pendingReadsMax = 4096

    public init(id: NodeID, members: [NodeID]) {
        self.id = id
        self.members = members
    }

    /// Nil when the options are usable; otherwise what is wrong.
    public var problem: String? {
        let sorted = members.sorted()
        if !members.contains(id) { return "members \(members) do not include this node \(id)" }
        if zip(sorted, sorted.dropFirst()).contains(where: { $0 == $1 }) { return "members \(members) repeat a node" }
        if electionTimeoutTicks < 2 { return "electionTimeoutTicks \(electionTimeoutTicks) must be at least 2" }
        if heartbeatIntervalTicks < 1 || heartbeatIntervalTicks >= electionTimeoutTicks {
            return "heartbeatIntervalTicks \(heartbeatIntervalTicks) must be in 1..<electionTimeoutTicks"
        }
        let limits = [("appendEntriesBytesMax", appendEntriesBytesMax), ("entriesPerAppendMax", entriesPerAppendMax),
                      ("inflightMessagesMax", inflightMessagesMax),
                      ("inflightBytesMax", inflightBytesMax), ("entryBytesMax", entryBytesMax),
                      ("uncommittedBytesMax", uncommittedBytesMax), ("committedEntriesBytesMax", committedEntriesBytesMax),
                      ("snapshotChunkBytesMax", snapshotChunkBytesMax), ("snapshotBytesMax", snapshotBytesMax),
                      ("pendingReadsMax", pendingReadsMax)]
        if let (name, value) = limits.first(where: { $0.1 < 1 }) { return "\(name) \(value) must be positive" }
        return nil
    }
}
