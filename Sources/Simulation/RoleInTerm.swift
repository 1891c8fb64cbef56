import Raft

/// A node's role and term, as the trace last showed them (each change is traced).
struct RoleInTerm: Hashable, Sendable {
    var role: RaftRole
    var term: UInt64
}
