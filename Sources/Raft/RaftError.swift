/// Why a node refused an input. None of these changes the node's state: bad input from the
/// network (an unknown sender, a malformed message) and requests the node cannot serve in its
/// role are answered with a reason, never a crash.
public enum RaftError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The sender is not a member of the cluster (or is this node itself).
    case unknownPeer(NodeID)
    /// The message is addressed to another node.
    case misaddressed(to: NodeID)
    /// The message breaks the protocol's format or a rule a correct peer never breaks.
    case malformedMessage(String)
    /// Only the leader accepts proposals; `leader` is the one this node knows of, if any.
    case notLeader(leader: NodeID?)
    /// The leader is handing over leadership and takes no proposals meanwhile (thesis §3.10).
    case leadershipTransferInProgress
    /// A proposal's data is larger than `RaftOptions.entryBytesMax`.
    case entryTooLarge(byteCount: Int, limit: Int)
    /// The uncommitted tail would exceed `RaftOptions.uncommittedBytesMax`.
    case uncommittedLimitReached(limit: Int)
    /// A read cannot be served: no leader is known, or too many reads are waiting.
    case readUnavailable(String)
    /// The application asked for a snapshot Raft cannot take (beyond applied, or not newer).
    case invalidSnapshotRequest(String)
    /// The options break a rule (a member list without this node, a zero limit, ...).
    case invalidOptions(String)
    /// Restored state is inconsistent (storage handed back something no correct run writes).
    case corruptState(String)

    public var description: String {
        switch self {
        case .unknownPeer(let id): "message from \(id), which is not a peer of this node"
        case .misaddressed(let to): "message addressed to \(to), not to this node"
        case .malformedMessage(let why): "malformed message: \(why)"
        case .notLeader(let leader): "not the leader (leader: \(leader?.description ?? "unknown"))"
        case .leadershipTransferInProgress: "leadership transfer in progress; proposal dropped"
        case .entryTooLarge(let count, let limit): "entry of \(count) bytes exceeds entryBytesMax \(limit)"
        case .uncommittedLimitReached(let limit): "uncommitted entries would exceed uncommittedBytesMax \(limit)"
        case .readUnavailable(let why): "read unavailable: \(why)"
        case .invalidSnapshotRequest(let why): "invalid snapshot request: \(why)"
        case .invalidOptions(let why): "invalid options: \(why)"
        case .corruptState(let why): "corrupt restored state: \(why)"
        }
    }
}
