import ModelChecker

/// The claims of the Raft paper (Figure 3) as properties of raft.tla's states.
///
/// Only electionSafety reads history (`elections`, which both modes keep as far as it needs).
/// The log properties read the current variables, in formulations that hold of raft.tla in
/// every reachable state, so that they need no history beyond what TLC's state already has
/// and give the same verdict with and without `tlc-history`:
/// - a server's committed prefix is `log[j][1..c]` with `c = Min(commitIndex[j], Len(log[j]))`;
/// - leaderCompleteness compares a leader with the servers whose term is not above its own:
///   their commit indexes were learned in terms up to the leader's, so the entries are
///   committed in such terms and the leader must hold them;
/// - stateMachineSafety compares every two committed prefixes.
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
                    summary: "a leader holds every entry committed by a server whose term is not above the leader's") { model, state in
                model.leaderCompleteness(state)
            },
            .always(.stateMachineSafety, applicable: logsOn,
                    summary: "no two servers have committed different entries at the same index") { model, state in
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
                       summary: "a leader is elected in term 3 or later, after an earlier election") { model, state in
                (0..<model.servers).contains { state.servers[$0].role == .leader && state.servers[$0].term >= 3 }
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

    /// Leader Completeness, on the current state: every leader's log extends the committed
    /// prefix of every server whose term is at most the leader's.
    public func leaderCompleteness(_ state: State) -> Bool {
        for i in 0..<servers where state.servers[i].role == .leader {
            let leader = state.servers[i]
            for j in 0..<servers where j != i && state.servers[j].term <= leader.term {
                let committed = committedPrefix(state.servers[j])
                if committed.count > leader.log.count || leader.log.prefix(committed.count) != committed { return false }
            }
        }
        return true
    }

    /// State Machine Safety: no two servers have committed different entries at one index,
    /// that is, of any two committed prefixes one extends the other.
    public func stateMachineSafety(_ state: State) -> Bool {
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
