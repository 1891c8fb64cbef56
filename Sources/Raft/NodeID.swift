/// A member of the cluster, named by a nonzero number (as etcd-io/raft's `uint64` ids, where 0 is
/// "none"; here "none" is `nil`).
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public let rawValue: UInt64

    /// Nil for 0, which names no node.
    public init?(rawValue: UInt64) {
        guard rawValue != 0 else { return nil }
        self.rawValue = rawValue
    }

    public init(_ rawValue: UInt64) {
        precondition(rawValue != 0, "node id 0 names no node")
        self.rawValue = rawValue
    }

    public init(integerLiteral value: UInt64) { self.init(value) }

    public var description: String { "n\(rawValue)" }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.rawValue < rhs.rawValue }
}
