extension Simulator {
    /// Leader churn (a partition fault): while faults are injected, a newly elected leader may be
    /// cut off from the others, either at once, before its first appends arrive, or the moment
    /// its commit index first rises in its term, with the appends that would tell the others
    /// lost in flight. Leadership then moves among logs that each hold a different part of the
    /// uncommitted suffix, with a follower that holds part of a leader's catch-up: Figure 8 of
    /// the Raft paper is such a run, and the rule that commits only entries of the leader's own
    /// term by counting is what keeps it safe.
    ///
    /// Called at the end of each input the node handled, after its messages were sent.
    /// `role` is the node's role and term now, `commit` its commit index (read by the caller
    /// in place: a read through `nodes[node]` here would copy the node).
    mutating func churn(_ node: Int, elected: Bool, role: RoleInTerm, commit: UInt64) {
        guard configuration.injects(.partition), !healed, up[node], role.role == .leader else {
            if cutAtFirstCommit[node] != nil { cutAtFirstCommit[node] = nil }
            return
        }
        let term = role.term
        if elected {
            cutAtFirstCommit[node] = nil
            guard churn.chance(configuration.churnPercent) else { return }
            if holdsEarlierTermsUncommitted(node) {
                // Figure 8's hazard: what this leader commits first may be another term's entry.
                // Cut off the moment its commit index rises, with the appends that would tell
                // the others lost, so the next leader is chosen by logs that may not hold it.
                note("churn: n\(node + 1) holds entries of earlier terms above its commit index \(nodes[node].raft.commitIndex)")
                cutAtFirstCommit[node] = (term, nodes[node].raft.commitIndex)
            } else {
                note("churn: n\(node + 1) cut off as it is elected")
                cutOff(node)
            }
            return
        }
        guard let due = cutAtFirstCommit[node], due.term == term, commit > due.commit else { return }
        cutAtFirstCommit[node] = nil
        note("churn: n\(node + 1) cut off as it commits \(commit) in term \(term)")
        cutOff(node)
    }

    /// Whether the leader's log holds entries of an earlier term above its commit index: the
    /// entry after the commit index is older than the leader's term (terms rise along a log).
    func holdsEarlierTermsUncommitted(_ node: Int) -> Bool {
        let raft = nodes[node].raft
        return raft.log.lastIndex > raft.commitIndex && (raft.log.term(at: raft.commitIndex + 1) ?? raft.currentTerm) < raft.currentTerm
    }

    /// Cuts the node off both ways, in place of any partition on, for longer than the others
    /// take to elect another leader (an election timeout of up to twice the nominal one, then
    /// the PreVote and vote rounds).
    mutating func cutOff(_ node: Int) {
        if blocked.contains(where: { $0.contains(true) }) { healPartition() }
        let electionMilliseconds = Int64(configuration.electionTimeoutTicks) * configuration.tickMilliseconds
        isolate([node], bothWays: true, lasting: electionMilliseconds * 5 / 2..<electionMilliseconds * 4)
    }
}
