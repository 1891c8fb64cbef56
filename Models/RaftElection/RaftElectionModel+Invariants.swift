/// Structural invariants of the state representation (not Raft's properties): what the
/// packing, the normal forms and the modes promise. `successor` asserts them in debug builds;
/// the tests check them on every reachable state of small configurations.
extension RaftElectionModel {
    /// Checks every invariant with a precondition (so a failure says which), and returns true.
    @discardableResult
    public func checkInvariants(_ state: State) -> Bool {
        let everyone = UInt8((1 << servers) - 1)
        for i in 0..<servers {
            let server = state.servers[i]
            precondition(server.term >= 1, "terms start at 1")
            precondition(server.votedFor.map { $0 < servers } ?? true, "votedFor names a server or Nil")
            precondition(server.votesResponded & ~everyone == 0, "votesResponded is a set of servers")
            precondition(server.votesGranted & ~everyone == 0, "votesGranted is a set of servers")
            precondition(server.word >> UInt64(37 + 3 * servers) == 0, "matchIndex has a column per server only")
            if logsOn {
                for j in 0..<servers { precondition(server.nextIndex(j) >= 1, "nextIndex is at least 1") }
                for j in servers..<ServerSlots<RaftServer>.capacity {
                    precondition(server.nextIndex(j) == 0 && server.matchIndex(j) == 0, "index rows have a column per server only")
                }
            } else {
                precondition(server.log.isEmpty, "with logs off, logs stay empty")
                precondition(server.logFields == RaftServer(servers: servers).logFields,
                             "with logs off, commitIndex stays 0, nextIndex 1 and matchIndex 0")
            }
            if let history = state.logHistory.logHistory {
                for j in 0..<servers where server.votesGranted & (1 << UInt8(j)) == 0 {
                    precondition(history.voterLogs[i * servers + j].isEmpty, "DOMAIN voterLog[i] is votesGranted[i]")
                }
            }
        }
        for slot in servers..<ServerSlots<RaftServer>.capacity {
            precondition(state.servers[slot] == RaftServer(), "unused server slots never change")
        }
        state.messages.checkInvariants()
        for slot in 0..<state.messages.count {
            let message = state.messages.message(at: slot)
            precondition(message.source < servers && message.dest < servers, "messages are between servers")
            precondition(keepsHistoryLogs || message.log.isEmpty, "mlog is kept only with TLC's history and logs")
        }
        var elections = 0
        for term in 2...RaftElections.maximumTerm where state.elections.lane(term) != 0 {
            for leader in 0..<ServerSlots<RaftServer>.capacity {
                let votes = state.elections.votes(term: term, leader: leader)
                if votes == 0 { continue }
                elections += 1
                precondition(term <= configuration.maxTerm && leader < servers, "elections are within bounds")
                precondition(votes & ~everyone == 0, "a record's vote set is a set of servers")
                precondition(configuration.tlcHistory || votes == 1 << UInt8(leader),
                             "without TLC's history a record's vote set is the marker {leader}")
            }
        }
        precondition(configuration.tlcHistory || !state.allLogsIsNonEmpty, "allLogs is kept only with TLC's history")
        precondition(!keepsHistoryLogs || !state.allLogsIsNonEmpty, "with logs on, allLogs is in the log history")
        precondition((state.logHistory.logHistory != nil) == keepsHistoryLogs, "the log history exists with TLC's history and logs")
        if let history = state.logHistory.logHistory {
            precondition(history.voterLogs.count == servers * servers, "voterLog has a row per candidate")
            precondition(history.elections.count == elections, "every election has its logs")
            for logs in history.elections {
                precondition(state.elections.votes(term: logs.term, leader: logs.leader) != 0, "election logs follow the records")
            }
            for index in history.allLogs.indices.dropFirst() {
                precondition(history.allLogs[index - 1] < history.allLogs[index], "allLogs is a strictly sorted set")
            }
        }
        return true
    }
}
