/// Structural invariants of the state representation (not Raft's properties): what the
/// packing, the normal forms and the modes promise. `successor` asserts them in debug builds;
/// the tests check them on every reachable state of small configurations.
extension RaftElectionModel {
    /// The first representation invariant `state` breaks, or nil when it keeps them all (the
    /// house convention: `checkInvariants` returns what is wrong, the caller decides to stop).
    public func checkInvariants(_ state: State) -> String? {
        let everyone = UInt8((1 << servers) - 1)
        for i in 0..<servers {
            let server = state.servers[i]
            if !(server.term >= 1) { return "terms start at 1" }
            if !(server.votedFor.map { $0 < servers } ?? true) { return "votedFor names a server or Nil" }
            if !(server.votesResponded & ~everyone == 0) { return "votesResponded is a set of servers" }
            if !(server.votesGranted & ~everyone == 0) { return "votesGranted is a set of servers" }
            if !(server.word >> UInt64(37 + 3 * servers) == 0) { return "matchIndex has a column per server only" }
            if logsOn {
                for j in 0..<servers { if !(server.nextIndex(j) >= 1) { return "nextIndex is at least 1" } }
                for j in servers..<ServerSlots<RaftServer>.capacity {
                    if !(server.nextIndex(j) == 0 && server.matchIndex(j) == 0) { return "index rows have a column per server only" }
                }
            } else {
                if !(server.log.isEmpty) { return "with logs off, logs stay empty" }
                if !(server.logFields == RaftServer(servers: servers).logFields) { return "with logs off, commitIndex stays 0, nextIndex 1 and matchIndex 0" }
            }
            if let history = state.logHistory.logHistory {
                for j in 0..<servers where server.votesGranted & (1 << UInt8(j)) == 0 {
                    if !(history.voterLogs[i * servers + j].isEmpty) { return "DOMAIN voterLog[i] is votesGranted[i]" }
                }
            }
        }
        for slot in servers..<ServerSlots<RaftServer>.capacity {
            if !(state.servers[slot] == RaftServer()) { return "unused server slots never change" }
        }
        if let problem = state.messages.checkInvariants() { return problem }
        for slot in 0..<state.messages.count {
            let message = state.messages.message(at: slot)
            if !(message.source < servers && message.dest < servers) { return "messages are between servers" }
            if !(keepsHistoryLogs || message.log.isEmpty) { return "mlog is kept only with TLC's history and logs" }
        }
        var elections = 0
        for term in 2...RaftElections.maximumTerm where state.elections.lane(term) != 0 {
            for leader in 0..<ServerSlots<RaftServer>.capacity {
                let votes = state.elections.votes(term: term, leader: leader)
                if votes == 0 { continue }
                elections += 1
                if !(term <= configuration.maxTerm && leader < servers) { return "elections are within bounds" }
                if !(votes & ~everyone == 0) { return "a record's vote set is a set of servers" }
                if !(configuration.tlcHistory || votes == 1 << UInt8(leader)) { return "without TLC's history a record's vote set is the marker {leader}" }
            }
        }
        if !(keepsCommitGhost || state.committed.isEmpty) { return "the commit ghost is kept only with logs on, without TLC's history" }
        if let problem = state.committed.checkInvariants() { return problem }
        if !(configuration.tlcHistory || !state.allLogsIsNonEmpty) { return "allLogs is kept only with TLC's history" }
        if !(!keepsHistoryLogs || !state.allLogsIsNonEmpty) { return "with logs on, allLogs is in the log history" }
        if !((state.logHistory.logHistory != nil) == keepsHistoryLogs) { return "the log history exists with TLC's history and logs" }
        if let history = state.logHistory.logHistory {
            if !(history.voterLogs.count == servers * servers) { return "voterLog has a row per candidate" }
            if !(history.elections.count == elections) { return "every election has its logs" }
            for logs in history.elections {
                if !(state.elections.votes(term: logs.term, leader: logs.leader) != 0) { return "election logs follow the records" }
            }
            for index in history.allLogs.indices.dropFirst() {
                if !(history.allLogs[index - 1] < history.allLogs[index]) { return "allLogs is a strictly sorted set" }
            }
        }
        return nil
    }
}
