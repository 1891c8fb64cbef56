/// What a node's role is and whom it follows: volatile, not persisted, reported in each Ready.
public struct SoftState: Hashable, Sendable {
    public var role: RaftRole
    public var leader: NodeID?

    public init(role: RaftRole, leader: NodeID?) {
        self.role = role
        self.leader = leader
    }
}
