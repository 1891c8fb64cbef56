import ModelChecker
import Support

/// How steps and states read in traces: each step as a sentence of the story ("s1 times out
/// and becomes a candidate in term 2"), with the messages it sends and receives for the
/// sequence diagram; each state with raft.tla's variable names.
///
/// A step's text tells it apart from the other steps enabled in the same state (replay finds
/// steps by their text): where two messages of one kind between the same servers in the same
/// term could differ, the text names the fields that tell them apart.
extension RaftElectionModel {
    func name(_ server: Int) -> String { "s\(server + 1)" }

    func names(_ mask: UInt8) -> [String] {
        (0..<servers).filter { mask & (1 << UInt8($0)) != 0 }.map(name)
    }

    func list(_ mask: UInt8) -> String {
        let members = names(mask)
        return members.isEmpty ? "nobody" : members.joined(separator: ", ")
    }

    func entryText(_ entry: UInt8) -> String { "t\(RaftLog.term(ofEntry: entry)):v\(RaftLog.value(ofEntry: entry) + 1)" }

    func logText(_ log: RaftLog) -> String { "[" + log.entries.map(entryText).joined(separator: ", ") + "]" }

    /// A short label for the sequence diagram.
    func label(_ message: RaftMessage) -> String {
        switch message.kind {
        case .requestVoteRequest:
            return "RequestVote t\(message.term)"
        case .requestVoteResponse:
            return "\(message.voteGranted ? "Vote" : "Vote refused") t\(message.term)"
        case .appendEntriesRequest:
            if !logsOn { return "Heartbeat t\(message.term)" }
            return "AppendEntries t\(message.term)" + (message.entry.map { " " + entryText($0) } ?? "")
        case .appendEntriesResponse:
            return "\(message.success ? "AppendEntries ok" : "AppendEntries rejected") t\(message.term)"
        }
    }

    /// Every field of a message, for texts and states.
    func details(_ message: RaftMessage) -> String {
        var text = "\(name(message.source))→\(name(message.dest)) "
        switch message.kind {
        case .requestVoteRequest:
            text += "RequestVote t\(message.term)"
            if logsOn { text += " (last log term \(message.lastLogTerm), index \(message.lastLogIndex))" }
        case .requestVoteResponse:
            text += "RequestVote reply t\(message.term) \(message.voteGranted ? "granted" : "refused")"
            if keepsHistoryLogs { text += " (mlog \(logText(message.log)))" }
        case .appendEntriesRequest:
            if logsOn {
                text += "AppendEntries t\(message.term) (prev \(message.prevLogIndex) at t\(message.prevLogTerm), "
                    + "entries [\(message.entry.map(entryText) ?? "")], commit \(message.commitIndex)"
                    + (keepsHistoryLogs ? ", mlog \(logText(message.log))" : "") + ")"
            } else {
                text += "Heartbeat t\(message.term)"
            }
        case .appendEntriesResponse:
            text += "AppendEntries reply t\(message.term) "
                + (message.success ? "ok (match \(message.matchIndex))" : "rejected")
        }
        return text
    }

    public func describe(_ action: Action, in state: State) -> ActionInfo {
        switch action {
        case .restart(let i):
            let forgets = variant == .forgetVoteOnRestart ? ", forgetting its vote"
                : variant == .forgetTermOnRestart ? ", forgetting its term (back to 1)" : ""
            return ActionInfo(actor: name(i), text: "\(name(i)) restarts in term \(state.servers[i].term)\(forgets)")
        case .timeout(let i):
            return ActionInfo(actor: name(i),
                              text: "\(name(i)) times out and becomes a candidate in term \(state.servers[i].term + 1)")
        case .requestVote(let i, let j):
            let term = Int(state.servers[i].term)
            let message = RaftMessage.requestVoteRequest(term: term, lastLogTerm: 0, lastLogIndex: 0, source: i, dest: j)
            let whom = i == j ? "itself" : name(j)
            return ActionInfo(actor: name(i), text: "\(name(i)) asks \(whom) for its vote in term \(term)",
                              messages: [MessageEvent(.send, from: name(i), to: name(j), label: label(message))])
        case .becomeLeader(let i):
            let server = state.servers[i]
            return ActionInfo(actor: name(i),
                              text: "\(name(i)) becomes leader of term \(server.term) with votes from \(list(server.votesGranted))")
        case .clientRequest(let i, let value):
            let server = state.servers[i]
            return ActionInfo(actor: name(i), text: "\(name(i)) accepts client value v\(value + 1) as entry "
                + "\(server.log.count + 1) of term \(server.term)")
        case .advanceCommitIndex(let i):
            let old = Int(state.servers[i].commitIndex)
            let new = newCommitIndex(of: state.servers[i], id: i)
            let text = new == old ? "\(name(i)) finds nothing new to commit (commit index stays \(old))"
                : "\(name(i)) advances its commit index from \(old) to \(new)"
            return ActionInfo(actor: name(i), text: text)
        case .appendEntries(let i, let j):
            let message = appendEntriesRequest(from: i, to: j, in: state)
            let what: String
            if let entry = message.entry {
                what = "entry \(message.prevLogIndex + 1) (\(entryText(entry)))"
            } else {
                what = "a heartbeat"
            }
            var text = "\(name(i)) sends \(name(j)) \(what) in term \(message.term)"
            if logsOn { text += " (prev \(message.prevLogIndex) at t\(message.prevLogTerm), commit \(message.commitIndex))" }
            return ActionInfo(actor: name(i), text: text,
                              messages: [MessageEvent(.send, from: name(i), to: name(j), label: label(message))])
        case .receive(let message):
            return describeReceive(message, in: state)
        case .duplicate(let message):
            return ActionInfo(actor: "network", text: "the network duplicates \(details(message))",
                              messages: [MessageEvent(.send, from: name(message.source), to: name(message.dest),
                                                      label: label(message) + " (copy)")])
        case .drop(let message):
            return ActionInfo(actor: "network", text: "the network drops \(details(message))",
                              messages: [MessageEvent(.drop, from: name(message.source), to: name(message.dest),
                                                      label: label(message))])
        }
    }

    func describeReceive(_ message: RaftMessage, in state: State) -> ActionInfo {
        let i = message.dest
        let j = message.source
        let receiver = state.servers[i]
        let me = name(i)
        let sender = name(j)
        let received = MessageEvent(.receive, from: sender, to: me, label: label(message))
        func reply(_ response: RaftMessage) -> MessageEvent {
            MessageEvent(.send, from: me, to: sender, label: label(response))
        }
        guard let step = receiveStep(message, in: state) else {
            preconditionFailure("describing a receive that is not enabled")
        }
        let history = keepsHistoryLogs ? " (its log \(logText(message.log)))" : ""
        switch step {
        case .updateTerm:
            return ActionInfo(actor: me, text: "\(me) sees term \(message.term) in \(details(message)) and moves from term "
                + "\(receiver.term) to term \(message.term) as a follower, keeping the message",
                messages: [])
        case .handleVoteRequest(let grant):
            let response = RaftMessage.requestVoteResponse(term: Int(receiver.term), granted: grant, log: .empty,
                                                           source: i, dest: j)
            var text: String
            if grant {
                text = i == j ? "\(me) votes for itself in term \(receiver.term)"
                    : "\(me) grants \(sender) its vote in term \(receiver.term)"
            } else {
                text = "\(me) refuses \(i == j ? "itself" : sender) its vote in term \(receiver.term)"
                if message.term < Int(receiver.term) {
                    text += " (the request is from old term \(message.term))"
                } else if let voted = receiver.votedFor, voted != j {
                    text += " (it already voted for \(name(voted)))"
                } else {
                    text += " (\(sender)'s log is not up to date)"
                }
            }
            if logsOn { text += " [request: last log term \(message.lastLogTerm), index \(message.lastLogIndex)]" }
            return ActionInfo(actor: me, text: text, messages: [received, reply(response)])
        case .dropStaleResponse:
            return ActionInfo(actor: me, text: "\(me) discards the stale \(details(message))", messages: [received])
        case .handleVoteResponse:
            let stale = message.term < Int(receiver.term) ? " (a stale reply from term \(message.term), counted anyway)" : ""
            let text: String
            if message.voteGranted {
                let votes = receiver.votesGranted | 1 << UInt8(j)
                text = "\(me) receives \(i == j ? "its own" : sender + "'s") vote in term \(message.term)\(stale)\(history); "
                    + "its votes: \(list(votes))"
            } else {
                text = "\(me) learns that \(i == j ? "it" : sender) refused its vote in term \(message.term)\(stale)\(history)"
            }
            return ActionInfo(actor: me, text: text, messages: [received])
        case .rejectAppendEntries:
            let response = RaftMessage.appendEntriesResponse(term: Int(receiver.term), success: false, matchIndex: 0,
                                                             source: i, dest: j)
            let why = message.term < Int(receiver.term) ? "it is from old term \(message.term)"
                : "its log has no entry \(message.prevLogIndex) of term \(message.prevLogTerm)"
            return ActionInfo(actor: me, text: "\(me) rejects \(details(message)): \(why)",
                              messages: [received, reply(response)])
        case .returnToFollower:
            return ActionInfo(actor: me, text: "\(me), a candidate in term \(receiver.term), hears from leader \(sender) "
                + "in \(details(message)) and returns to follower, keeping the message", messages: [])
        case .acknowledgeAppendEntries:
            let matchIndex = message.prevLogIndex + (message.entry == nil ? 0 : 1)
            let response = RaftMessage.appendEntriesResponse(term: Int(receiver.term), success: true, matchIndex: matchIndex,
                                                             source: i, dest: j)
            let text = logsOn
                ? "\(me) acknowledges \(details(message)): it matches up to index \(matchIndex), commit index "
                    + "\(receiver.commitIndex) → \(message.commitIndex)"
                : "\(me) accepts \(sender)'s heartbeat in term \(message.term)"
            return ActionInfo(actor: me, text: text, messages: [received, reply(response)])
        case .removeConflictingEntry:
            let last = receiver.log[receiver.log.count]
            return ActionInfo(actor: me, text: "\(me) removes its last entry \(entryText(last)), which conflicts with "
                + "\(details(message)), keeping the message", messages: [])
        case .appendEntry:
            return ActionInfo(actor: me, text: "\(me) appends \(entryText(message.entry!)) at index "
                + "\(message.prevLogIndex + 1) from \(details(message)), keeping the message", messages: [])
        case .handleAppendEntriesResponse:
            let text = message.success
                ? "\(me) learns that \(sender) matches its log up to index \(message.matchIndex) in term \(message.term)"
                : "\(me) learns that \(sender) rejected its AppendEntries in term \(message.term) and lowers nextIndex "
                    + "for \(sender) to \(max(receiver.nextIndex(j) - 1, 1))"
            return ActionInfo(actor: me, text: text, messages: [received])
        }
    }

    public func describe(_ state: State) -> JSONValue {
        let everyone = Array(0..<servers)
        func perServer(_ value: (Int) -> JSONValue) -> JSONValue { .object(everyone.map { (name($0), value($0)) }) }
        func serverSet(_ mask: UInt8) -> JSONValue { .array(names(mask).map { .string($0) }) }
        var members: [(String, JSONValue)] = [
            ("currentTerm", perServer { .int(state.servers[$0].term) }),
            ("state", perServer { .string(state.servers[$0].role.name) }),
            ("votedFor", perServer { state.servers[$0].votedFor.map { .string(name($0)) } ?? .string("Nil") }),
            ("votesResponded", perServer { serverSet(state.servers[$0].votesResponded) }),
            ("votesGranted", perServer { serverSet(state.servers[$0].votesGranted) }),
        ]
        if logsOn {
            members += [
                ("log", perServer { .string(logText(state.servers[$0].log)) }),
                ("commitIndex", perServer { .int(state.servers[$0].commitIndex) }),
                ("nextIndex", perServer { i in perServer { .int(state.servers[i].nextIndex($0)) } }),
                ("matchIndex", perServer { i in perServer { .int(state.servers[i].matchIndex($0)) } }),
            ]
        }
        members.append(("messages", .array(state.messages.entries.map { entry in
            .string(details(entry.message) + (entry.count > 1 ? " ×\(entry.count)" : ""))
        })))
        let logsOfElections = state.logHistory.logHistory?.elections ?? []
        members.append(("elections", .array(state.elections.records.enumerated().map { index, record in
            var text = "term \(record.term): \(name(record.leader))"
            if configuration.tlcHistory { text += " with votes from \(list(record.votes))" }
            if index < logsOfElections.count {
                let logs = logsOfElections[index]
                text += ", elog \(logText(logs.log)), evoterLog {"
                    + (0..<servers).filter { record.votes & (1 << UInt8($0)) != 0 }
                        .map { "\(name($0)): \(logText(logs.voterLogs[$0]))" }.joined(separator: ", ") + "}"
            }
            return .string(text)
        })))
        if keepsCommitGhost {
            let ghost = state.committed
            let entries = (0..<ghost.log.count).map { "\($0 + 1): \(entryText(ghost.log[$0 + 1])) in term \(ghost.commitTerm(at: $0 + 1))" }
            members.append(("committedEver", .string("{" + entries.joined(separator: ", ") + "}" + (ghost.conflict ? ", and a conflicting entry" : ""))))
        }
        if configuration.tlcHistory {
            let allLogs: [RaftLog] = state.logHistory.logHistory?.allLogs ?? (state.allLogsIsNonEmpty ? [.empty] : [])
            members.append(("allLogs", .array(allLogs.map { .string(logText($0)) })))
        }
        if let history = state.logHistory.logHistory {
            members.append(("voterLog", perServer { i in
                .object((0..<servers).filter { state.servers[i].votesGranted & (1 << UInt8($0)) != 0 }
                    .map { (name($0), .string(logText(history.voterLogs[i * servers + $0]))) })
            }))
        }
        return .object(members)
    }
}
