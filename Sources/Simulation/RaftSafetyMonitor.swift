import Raft

/// Raft's safety properties checked on the real nodes as the run goes, on what changed:
/// election safety (at most one leader per term) after every input a node handles, and state
/// machine safety (every node that applies an index applies the same entry, to the same store
/// state: one digest per index). It also keeps what each node has applied since its last
/// restart, for the acknowledged-writes audit at the end.
struct RaftSafetyMonitor: Sendable {
    /// Violations kept for the report, at most.
    static let violationsMax = 16

    var leaders: [UInt64: NodeID] = [:]
    /// The first digest applied at each index (index 1 at position 0).
    var digests: [UInt64] = []
    /// What each node applied since its last (re)start.
    var appliedDigests: [[UInt64]] = []
    var acknowledged: [(index: UInt64, digest: UInt64)] = []
    var electionViolations: [String] = []
    var stateMachineViolations: [String] = []

    mutating func observe(_ node: StoreNode, index: Int, output: StoreNode.Output, at time: Int64) {
        while appliedDigests.count <= index { appliedDigests.append([]) }
        if node.isLeader {
            let term = node.raft.currentTerm
            if let other = leaders[term], other != node.id {
                RaftSafetyMonitor.record(&electionViolations, "at \(time): \(node.id) and \(other) both lead term \(term)")
            } else {
                leaders[term] = node.id
            }
        }
        for entry in output.applied {
            let position = Int(entry.index) - 1
            precondition(position == appliedDigests[index].count, "\(node.id) applied \(entry.index) out of order")
            appliedDigests[index].append(entry.digest)
            if position == digests.count {
                digests.append(entry.digest)
            } else if digests[position] != entry.digest {
                RaftSafetyMonitor.record(&stateMachineViolations, "at \(time): \(node.id) applied a different entry or state at index \(entry.index) (term \(entry.term))")
            }
        }
        acknowledged += output.acknowledged
    }

    mutating func restarted(index: Int) {
        if index < appliedDigests.count { appliedDigests[index] = [] }
    }

    static func record(_ list: inout [String], _ line: String) {
        if list.count < RaftSafetyMonitor.violationsMax { list.append(line) }
    }

    /// Every acknowledged write is, at the end, applied by every node at its index.
    func lostAcknowledgedWrites() -> [String] {
        var lost: [String] = []
        for write in acknowledged {
            for node in appliedDigests.indices {
                let position = Int(write.index) - 1
                if position >= appliedDigests[node].count {
                    lost.append("n\(node + 1) has not applied acknowledged index \(write.index)")
                } else if appliedDigests[node][position] != write.digest {
                    lost.append("n\(node + 1) applied another entry at acknowledged index \(write.index)")
                }
                if lost.count >= RaftSafetyMonitor.violationsMax { return lost }
            }
        }
        return lost
    }
}
