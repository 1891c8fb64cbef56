import ModelChecker

/// The claims of the Raft paper (Figure 3) as properties of raft.tla's states.
///
/// electionSafety and reElection read the `elections` history (which both modes keep as far
/// as they need). The log properties read the current variables and, with logs on and without
/// TLC's history, the ghost of every entry ever committed (`RaftCommitGhost`), so that an
/// entry committed and later overwritten, or whose commit a restart forgot, still counts:
/// - a server's committed prefix is `log[j][1..c]` with `c = Min(commitIndex[j], Len(log[j]))`;
/// - leaderCompleteness compares a leader of term T with every entry the ghost holds as
///   committed in a term up to T, and with the committed prefixes of the servers whose term
///   is not above T (learned in such terms);
/// - stateMachineSafety: no two entries were ever committed at one index (the ghost's
///   conflict), and of any two current committed prefixes one extends the other.
/// With TLC's history the ghost is left out (the state must be raft.tla's, for TLC's counts),
/// and only the formulations on the current variables remain.
extension RaftElectionModel {
    public var properties: [Property<Self>] {
        [
            .always(.electionSafety,
                    summary: "at most one leader is ever elected in a term (over raft.tla's elections history)") { model, state in
                model.electionSafety(state)
            },
            .always(.logMatching, applicable: logsOn,
                    summary: "two logs with an entry of the same index and term are identical up to it") { model, state in
                model.logMatching(state)
            },
            .always(.leaderCompleteness, applicable: logsOn,
                    summary: "a leader holds every entry committed in a term not above its own") { model, state in
                model.leaderCompleteness(state)
            },
            .always(.stateMachineSafety, applicable: logsOn,
                    summary: "no two different entries are ever committed at the same index") { model, state in
                model.stateMachineSafety(state)
            },
            .transition(.termsMonotone, summary: "a server's currentTerm never decreases") { model, state, _, next in
                for i in 0..<model.servers where next.servers[i].term < state.servers[i].term { return false }
                return true
            },
            .sometimes(.leaderElected, summary: "some server becomes leader") { model, state in
                (0..<model.servers).contains { state.servers[$0].role == .leader }
            },
            .sometimes(.reElection, applicable: configuration.maxTerm >= 3,
                       summary: "leaders are elected in two different terms (the elections history has both)") { _, state in
                state.elections.electedTermCount >= 2
            },
            .sometimes(.entryCommitted, applicable: logsOn, summary: "some server commits an entry") { model, state in
                (0..<model.servers).contains { state.servers[$0].commitIndex >= 1 }
            },
        ]
    }

    /// `\A e, f \in elections : e.eterm = f.eterm => e.eleader = f.eleader` (MCraft.tla's
    /// ElectionSafety): at most one leader per term in the history.
    public func electionSafety(_ state: State) -> Bool {
        if state.elections.isEmpty { return true }
        for term in 2...max(2, configuration.maxTerm) where state.elections.leaders(term: term).nonzeroBitCount > 1 {
            return false
        }
        return true
    }

    /// Log Matching: if two logs hold an entry with the same index and term, the logs are
    /// identical in all entries up to that index. Checking the largest such index suffices:
    /// equal prefixes up to it are equal up to every smaller one.
    public func logMatching(_ state: State) -> Bool {
        for i in 0..<servers {
            let first = state.servers[i].log
            for j in (i + 1)..<max(i + 1, servers) {
                let second = state.servers[j].log
                var index = min(first.count, second.count)
                while index >= 1 && first.term(at: index) != second.term(at: index) { index -= 1 }
                if first.prefix(index) != second.prefix(index) { return false }
            }
        }
        return true
    }

    /// The committed prefix of a server: its log up to its commit index.
    func committedPrefix(_ server: RaftServer) -> RaftLog {
        server.log.prefix(min(server.commitIndex, server.log.count))
    }

    /// Leader Completeness: every leader's log holds each entry the ghost has as committed in
    /// a term up to the leader's, and extends the committed prefix of every server whose term
    /// is at most the leader's.
    public func leaderCompleteness(_ state: State) -> Bool {
        for i in 0..<servers where state.servers[i].role == .leader {
            let leader = state.servers[i]
            let ghost = state.committed
            for index in stride(from: 1, through: ghost.log.count, by: 1) where ghost.commitTerm(at: index) <= leader.term {
                if index > leader.log.count || leader.log[index] != ghost.log[index] { return false }
            }
            for j in 0..<servers where j != i && state.servers[j].term <= leader.term {
                let committed = committedPrefix(state.servers[j])
                if committed.count > leader.log.count || leader.log.prefix(committed.count) != committed { return false }
            }
        }
        return true
    }

    /// State Machine Safety: no two different entries were ever committed at one index (the
    /// ghost's conflict), and of any two current committed prefixes one extends the other.
    public func stateMachineSafety(_ state: State) -> Bool {
        if state.committed.conflict { return false }
        for i in 0..<servers {
            let first = committedPrefix(state.servers[i])
            for j in (i + 1)..<max(i + 1, servers) {
                let second = committedPrefix(state.servers[j])
                let shared = min(first.count, second.count)
                if first.prefix(shared) != second.prefix(shared) { return false }
            }
        }
        return true
    }
}
