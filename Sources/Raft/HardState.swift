/// What a server must persist before it answers anyone (Figure 2's "persistent state on all
/// servers", plus the commit index so that a restart need not wait for the leader to re-learn it):
/// `currentTerm` and `votedFor` make one vote per term survive a crash; `commitIndex` may lag
/// (it is never required for safety, only for how much a restarted node can apply at once).
public struct HardState: Hashable, Sendable, CustomStringConvertible {
    public var currentTerm: UInt64
    public var votedFor: NodeID?
    public var commitIndex: UInt64

    public init(currentTerm: UInt64 = 0, votedFor: NodeID? = nil, commitIndex: UInt64 = 0) {
        self.currentTerm = currentTerm
        self.votedFor = votedFor
        self.commitIndex = commitIndex
    }

    public static let initial = HardState()

    public var description: String { "term \(currentTerm) vote \(votedFor?.description ?? "-") commit \(commitIndex)" }
}
