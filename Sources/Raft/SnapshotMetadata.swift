/// What a snapshot covers: every entry up to `position` (applied to the state machine whose bytes
/// the snapshot holds) and the cluster's members at that point (fixed in this wave: membership
/// changes come later, so every snapshot of a cluster carries the same members).
public struct SnapshotMetadata: Hashable, Sendable, CustomStringConvertible {
    public var position: LogPosition
    /// Sorted, without duplicates.
    public var members: [NodeID]

    public init(position: LogPosition, members: [NodeID]) {
        self.position = position
        self.members = members
    }

    public var index: UInt64 { position.index }
    public var term: UInt64 { position.term }

    public var description: String { "snapshot \(position) members \(members)" }
}
