import ModelChecker

/// Diego Ongaro's raft.tla (repository ongardie/raft.tla, commit 6ecbdbc, with the history
/// variables of the version in his dissertation), action for action, as an explicit-state
/// model: `Restart`, `Timeout`, `RequestVote`, `BecomeLeader`, `ClientRequest`,
/// `AdvanceCommitIndex`, `AppendEntries`, `Receive` (whose disjuncts are `UpdateTerm`, which
/// leaves the message in the bag, the four handlers and `DropStaleResponse`),
/// `DuplicateMessage` and `DropMessage`.
///
/// As in raft.tla, terms start at 1, `Timeout` does not vote: the candidate votes for itself
/// through a RequestVote message to itself, and messages form a bag whose entries leave it
/// when their count drops to 0 (the 6ecbdbc change). The bounds are a TLC `CONSTRAINT`
/// (`isWithinConstraint`): every server's term, every log's length, every message's count and
/// the number of distinct messages in flight. With `maxLogLength` 0 there is no
/// `ClientRequest` and no `AdvanceCommitIndex` and AppendEntries are heartbeats, which is
/// `ElectionNext` of the reference `MCraft.tla`; with `maxDuplicates` 1 there is no
/// `DuplicateMessage` either (its `ElectionNextNoDup`).
///
/// History variables. With `tlcHistory` the state holds every history variable raft.tla
/// holds: `elections` as whole records, `allLogs` (which, as in raft.tla's `Next`, becomes
/// `allLogs \cup {log[i] : i \in Server}` of the state *before* each step, so it is `{}` only
/// in the initial state), `voterLog`, and the `mlog` fields of RequestVote responses and
/// AppendEntries requests; distinct-state counts then equal TLC's on the same configuration.
/// Without it the state keeps only what the properties read: `elections` as (term, leader)
/// pairs, for electionSafety and reElection, and, with logs on, the ghost of every entry ever
/// committed (`RaftCommitGhost`), for leaderCompleteness and stateMachineSafety. With TLC's
/// history the ghost is left out and those two read the current variables only (see
/// `RaftElectionModel+Properties.swift`): a bug that only the ghost shows (an entry committed,
/// then forgotten by every server) can pass there.
public struct RaftElectionModel<LogHistory: RaftLogHistoryStorage>: Model, Sendable {
    public typealias State = RaftState<LogHistory>
    public typealias Action = RaftAction
    public typealias PropertyID = RaftPropertyID
    public typealias Variant = RaftVariant
    public typealias Configuration = RaftConfiguration
    public typealias ReceiveStep = RaftReceiveStep

    public let configuration: Configuration
    /// `Cardinality(Server)`.
    public let servers: Int
    public var variant: Variant { configuration.variant }
    /// Whether clients may append entries (`maxLogLength` above 0).
    public var logsOn: Bool { configuration.maxLogLength > 0 }
    /// Whether messages and election records carry logs (`mlog`, `elog`, `evoterLog`): with
    /// TLC's history and logs on; with logs off they would all be `<<>>`.
    public var keepsHistoryLogs: Bool { configuration.tlcHistory && logsOn }

    public init(_ configuration: Configuration) {
        precondition((1...ServerSlots<RaftServer>.capacity).contains(configuration.servers), "1 to 5 servers")
        precondition((1...RaftElections.maximumTerm).contains(configuration.maxTerm),
                     "max term 1...\(RaftElections.maximumTerm)")
        // Indexes pack into three bits: a log bound of 6 keeps nextIndex at most 7.
        precondition((0...(RaftServer.maximumIndex - 1)).contains(configuration.maxLogLength), "max log length 0...6")
        precondition(!configuration.tlcHistory || configuration.maxLogLength <= RaftMessage.maximumLogLength,
                     "with TLC's history, mlog packs logs of up to \(RaftMessage.maximumLogLength) entries")
        precondition((1...RaftLog.maximumValues).contains(configuration.values), "1 to 16 values")
        // A successor adds at most one distinct message, and one more copy of a message.
        precondition((1...(RaftBag.capacity - 1)).contains(configuration.maxInFlight), "max in flight 1...5")
        precondition((1...(RaftBag.maximumCount - 1)).contains(configuration.maxDuplicates), "max duplicates 1...14")
        precondition(LogHistory.keepsLogs == (configuration.tlcHistory && configuration.maxLogLength > 0),
                     "TLC's history with logs on needs RaftElectionWithLogHistory; every other configuration RaftElection")
        self.configuration = configuration
        servers = configuration.servers
    }

    public var initialStates: [State] { [State(servers: servers)] }

    // MARK: Quorums

    /// `set \in Quorum` for winning an election: a strict majority (`halfQuorum` also accepts
    /// exactly half, ⌈N/2⌉ votes, which is a majority when N is odd).
    func isElectionQuorum(_ set: UInt8) -> Bool {
        let size = set.nonzeroBitCount
        return variant == .halfQuorum ? size * 2 >= servers : size * 2 > servers
    }

    func isQuorum(_ set: UInt8) -> Bool { set.nonzeroBitCount * 2 > servers }

    // MARK: Enabled actions

    /// The enabled actions, in a fixed order that puts progress first: handling messages,
    /// winning elections, accepting client values, asking for votes and committing come
    /// before timeouts and AppendEntries, and faults (restarts, duplicates, drops) last.
    ///
    /// Breadth-first counts and shortest trace lengths do not depend on the order (it only
    /// breaks ties between traces of one length). Depth-first search does: it follows the
    /// first action first, so with this order a leader appends an entry and the other servers
    /// time out before the entry is replicated, which is the start of Figure 8, and the
    /// search reaches commitByCountingOldTerm's counterexample after some 10^5 states instead
    /// of wandering through repeated timeouts (raft.tla's own order, which TLC's counts do not
    /// depend on either, starts with `Restart` and `Timeout`).
    public func actions(in state: State, into actions: inout [Action]) {
        let inFlight = state.messages.count
        for slot in 0..<inFlight {
            let message = state.messages.message(at: slot)
            if receiveStep(message, in: state) != nil { actions.append(.receive(message)) }
        }
        for i in 0..<servers where state.servers[i].role == .candidate && isElectionQuorum(state.servers[i].votesGranted) {
            actions.append(.becomeLeader(i))
        }
        if logsOn {
            for i in 0..<servers where state.servers[i].role == .leader {
                for value in 0..<configuration.values { actions.append(.clientRequest(i, value)) }
            }
        }
        for i in 0..<servers where state.servers[i].role == .candidate {
            let responded = state.servers[i].votesResponded
            for j in 0..<servers where responded & (1 << UInt8(j)) == 0 { actions.append(.requestVote(i, j)) }
        }
        if logsOn {
            for i in 0..<servers where state.servers[i].role == .leader { actions.append(.advanceCommitIndex(i)) }
        }
        for i in 0..<servers where state.servers[i].role != .leader { actions.append(.timeout(i)) }
        for i in 0..<servers where state.servers[i].role == .leader {
            for j in 0..<servers where j != i { actions.append(.appendEntries(i, j)) }
        }
        if configuration.restarts {
            for i in 0..<servers { actions.append(.restart(i)) }
        }
        if configuration.maxDuplicates > 1 {
            for slot in 0..<inFlight { actions.append(.duplicate(state.messages.message(at: slot))) }
        }
        if configuration.drops {
            for slot in 0..<inFlight { actions.append(.drop(state.messages.message(at: slot))) }
        }
    }

    // MARK: Receive

    /// raft.tla's `logOk` of `HandleRequestVoteRequest`: the candidate's log is at least as up
    /// to date as the voter's (§5.4.1); always true in `noUpToDateCheck`.
    func candidateLogIsUpToDate(_ request: RaftMessage, voterLog log: RaftLog) -> Bool {
        if variant == .noUpToDateCheck { return true }
        let lastTerm = log.lastTerm
        return request.lastLogTerm > lastTerm || (request.lastLogTerm == lastTerm && request.lastLogIndex >= log.count)
    }

    /// raft.tla's `logOk` of `HandleAppendEntriesRequest`: the log holds the entry before the
    /// new one (`noPrevLogTermCheck`: only an entry at that index, of any term).
    func appendEntriesLogOk(_ request: RaftMessage, log: RaftLog) -> Bool {
        let index = request.prevLogIndex
        if index == 0 { return true }
        guard index <= log.count else { return false }
        return variant == .noPrevLogTermCheck || request.prevLogTerm == log.term(at: index)
    }

    /// Whether the state keeps the ghost of committed entries (`RaftCommitGhost`): with logs
    /// on and without TLC's history, whose states must hold raft.tla's variables only.
    public var keepsCommitGhost: Bool { logsOn && !configuration.tlcHistory }

    /// Which disjunct of `Receive(m)` is enabled, if any.
    public func receiveStep(_ message: RaftMessage, in state: State) -> ReceiveStep? {
        let receiver = state.servers[message.dest]
        let term = receiver.term
        if message.term > term { return .updateTerm }
        switch message.kind {
        case .requestVoteRequest:
            let grant = message.term == term
                && candidateLogIsUpToDate(message, voterLog: receiver.log)
                && (receiver.votedFor == nil || receiver.votedFor == message.source)
            return .handleVoteRequest(grant: grant)
        case .requestVoteResponse:
            if message.term < term { return variant == .countStaleVotes ? .handleVoteResponse : .dropStaleResponse }
            return .handleVoteResponse
        case .appendEntriesRequest:
            if message.term < term { return .rejectAppendEntries }
            switch receiver.role {
            case .leader:
                // No branch of HandleAppendEntriesRequest covers a request of the leader's own term.
                return nil
            case .candidate:
                return .returnToFollower
            case .follower:
                guard appendEntriesLogOk(message, log: receiver.log) else { return .rejectAppendEntries }
                guard let entry = message.entry else { return .acknowledgeAppendEntries }
                let index = message.prevLogIndex + 1
                if receiver.log.count >= index {
                    return receiver.log.term(at: index) == RaftLog.term(ofEntry: entry)
                        ? .acknowledgeAppendEntries : .removeConflictingEntry
                }
                // logOk gives prevLogIndex <= Len(log), so here the entry goes right at the end.
                precondition(receiver.log.count == message.prevLogIndex)
                return .appendEntry
            }
        case .appendEntriesResponse:
            return message.term < term ? .dropStaleResponse : .handleAppendEntriesResponse
        }
    }

    // MARK: Successors

    public func successor(of state: State, by action: Action) -> State? {
        var next = state
        return successor(of: state, by: action, into: &next) ? next : nil
    }

    /// The successor written in place (the search's form): always inlined into the search,
    /// since a successor returned as an optional value is copied twice more (184 bytes each).
    @inline(__always)
    public func successor(of state: State, by action: Action, into next: inout State) -> Bool {
        assert(next == state, "the successor is written over a copy of the state")
        switch action {
        case .restart(let i):
            guard configuration.restarts else { return false }
            restart(i, in: &next)
        case .timeout(let i):
            guard state.servers[i].role != .leader else { return false }
            timeout(i, in: &next)
        case .requestVote(let i, let j):
            let candidate = state.servers[i]
            guard candidate.role == .candidate, candidate.votesResponded & (1 << UInt8(j)) == 0 else { return false }
            next.messages.add(.requestVoteRequest(term: candidate.term, lastLogTerm: candidate.log.lastTerm,
                                                  lastLogIndex: candidate.log.count, source: i, dest: j))
        case .becomeLeader(let i):
            guard state.servers[i].role == .candidate, isElectionQuorum(state.servers[i].votesGranted) else { return false }
            becomeLeader(i, in: &next)
        case .clientRequest(let i, let value):
            guard logsOn, state.servers[i].role == .leader, value < configuration.values else { return false }
            let entry = RaftLog.entry(term: state.servers[i].term, value: value)
            next.servers[i].log = state.servers[i].log.appending(entry)
        case .advanceCommitIndex(let i):
            guard logsOn, state.servers[i].role == .leader else { return false }
            next.servers[i].commitIndex = newCommitIndex(of: state.servers[i], id: i)
        case .appendEntries(let i, let j):
            guard i != j, state.servers[i].role == .leader else { return false }
            next.messages.add(appendEntriesRequest(from: i, to: j, in: state))
        case .receive(let message):
            guard state.messages.count(of: message) > 0, let step = receiveStep(message, in: state) else { return false }
            receive(message, step: step, in: &next)
        case .duplicate(let message):
            guard configuration.maxDuplicates > 1, state.messages.count(of: message) > 0 else { return false }
            next.messages.add(message)
        case .drop(let message):
            guard configuration.drops, state.messages.count(of: message) > 0 else { return false }
            next.messages.remove(message)
        }
        if keepsCommitGhost { recordCommits(from: state, into: &next) }
        if configuration.tlcHistory {
            // raft.tla's Next: allLogs' = allLogs \cup {log[i] : i \in Server}, of the logs before the step.
            if LogHistory.keepsLogs {
                next.logHistory = next.logHistory.updated { $0.addingToAllLogs((0..<servers).map { state.servers[$0].log }) }
            } else {
                next.allLogsIsNonEmpty = true
            }
        }
        assert(checkInvariants(next) == nil, "raft-election invariant: \(checkInvariants(next) ?? "")")
        return true
    }

    /// Merges into the ghost every committed prefix the step changed, held in the server's
    /// term after the step (a prefix that did not change was merged when it did).
    func recordCommits(from state: State, into next: inout State) {
        for i in 0..<servers {
            let after = committedPrefix(next.servers[i])
            if after.isEmpty || after == committedPrefix(state.servers[i]) { continue }
            next.committed.merge(committed: after, term: next.servers[i].term)
        }
    }

    /// `Restart(i)`: the server keeps `currentTerm`, `votedFor` and `log` (its stable storage)
    /// and loses the rest; `forgetVoteOnRestart` loses `votedFor` too, `forgetTermOnRestart`
    /// `currentTerm` (back to 1).
    func restart(_ i: Int, in state: inout State) {
        state.servers[i].role = .follower
        state.servers[i].votesResponded = 0
        state.servers[i].votesGranted = 0
        state.logHistory = state.logHistory.updated { $0.clearingVoterLog(candidate: i, servers: servers) }
        state.servers[i].resetLeaderIndexes(servers: servers, nextIndex: 1)
        state.servers[i].commitIndex = 0
        if variant == .forgetVoteOnRestart { state.servers[i].votedFor = nil }
        if variant == .forgetTermOnRestart { state.servers[i].term = 1 }
    }

    /// `Timeout(i)`: a new term as candidate, with no vote yet (it asks itself for one).
    func timeout(_ i: Int, in state: inout State) {
        state.servers[i].role = .candidate
        state.servers[i].term += 1
        state.servers[i].votedFor = nil
        state.servers[i].votesResponded = 0
        state.servers[i].votesGranted = 0
        state.logHistory = state.logHistory.updated { $0.clearingVoterLog(candidate: i, servers: servers) }
    }

    /// `BecomeLeader(i)`, which also records the election in the history.
    func becomeLeader(_ i: Int, in state: inout State) {
        let server = state.servers[i]
        state.servers[i].role = .leader
        state.servers[i].resetLeaderIndexes(servers: servers, nextIndex: server.log.count + 1)
        // Without TLC's history the record's vote set is the marker {leader} (see RaftElections).
        let votes = configuration.tlcHistory ? server.votesGranted : 1 << UInt8(i)
        state.elections.record(term: server.term, leader: i, votes: votes)
        if LogHistory.keepsLogs {
            let servers = self.servers
            state.logHistory = state.logHistory.updated { history in
                var voterLogs = ServerSlots<RaftLog>(repeating: .empty)
                for voter in 0..<servers { voterLogs[voter] = history.voterLogs[i * servers + voter] }
                return history.recordingElection(
                    RaftLogHistory.ElectionLogs(term: server.term, leader: i, log: server.log, voterLogs: voterLogs))
            }
        }
    }

    /// The `newCommitIndex` of `AdvanceCommitIndex(i)`: the largest index a quorum (the leader
    /// and those whose `matchIndex` reaches it) agrees on, if that entry is of the leader's
    /// term (`commitByCountingOldTerm` drops that last condition), else the old commit index.
    func newCommitIndex(of leader: RaftServer, id i: Int) -> Int {
        var index = leader.log.count
        while index >= 1 {
            var agree: UInt8 = 1 << UInt8(i)
            for k in 0..<servers where leader.matchIndex(k) >= index { agree |= 1 << UInt8(k) }
            if isQuorum(agree) { break }
            index -= 1
        }
        guard index >= 1 else { return leader.commitIndex }
        if variant == .commitByCountingOldTerm || leader.log.term(at: index) == leader.term { return index }
        return leader.commitIndex
    }

    /// The message of `AppendEntries(i, j)`: up to one entry, at `nextIndex[i][j]`.
    func appendEntriesRequest(from i: Int, to j: Int, in state: State) -> RaftMessage {
        let leader = state.servers[i]
        let nextIndex = leader.nextIndex(j)
        let prevLogIndex = nextIndex - 1
        precondition(prevLogIndex <= leader.log.count, "nextIndex never passes the end of the leader's log")
        let prevLogTerm = prevLogIndex > 0 ? leader.log.term(at: prevLogIndex) : 0
        let lastEntry = min(leader.log.count, nextIndex)
        let entry: UInt8? = nextIndex <= lastEntry ? leader.log[nextIndex] : nil
        return .appendEntriesRequest(term: leader.term, prevLogIndex: prevLogIndex, prevLogTerm: prevLogTerm,
                                     entry: entry, commitIndex: min(leader.commitIndex, lastEntry),
                                     log: keepsHistoryLogs ? leader.log : .empty, source: i, dest: j)
    }

    /// The chosen disjunct of `Receive(m)`, applied.
    func receive(_ message: RaftMessage, step: ReceiveStep, in state: inout State) {
        let i = message.dest
        let j = message.source
        let receiver = state.servers[i]
        switch step {
        case .updateTerm:
            state.servers[i].term = message.term
            state.servers[i].role = .follower
            state.servers[i].votedFor = nil
        case .handleVoteRequest(let grant):
            if grant { state.servers[i].votedFor = j }
            state.messages.add(.requestVoteResponse(term: receiver.term, granted: grant,
                                                    log: keepsHistoryLogs ? receiver.log : .empty, source: i, dest: j))
            state.messages.remove(message)
        case .dropStaleResponse:
            state.messages.remove(message)
        case .handleVoteResponse:
            let bit: UInt8 = 1 << UInt8(j)
            state.servers[i].votesResponded |= bit
            if message.voteGranted {
                // voterLog[i] @@ (j :> m.mlog) keeps the log first recorded for a voter.
                if LogHistory.keepsLogs && receiver.votesGranted & bit == 0 {
                    let servers = self.servers
                    state.logHistory = state.logHistory.updated {
                        $0.settingVoterLog(candidate: i, voter: j, servers: servers, to: message.log)
                    }
                }
                state.servers[i].votesGranted |= bit
            }
            state.messages.remove(message)
        case .rejectAppendEntries:
            state.messages.add(.appendEntriesResponse(term: receiver.term, success: false, matchIndex: 0, source: i, dest: j))
            state.messages.remove(message)
        case .returnToFollower:
            state.servers[i].role = .follower
        case .acknowledgeAppendEntries:
            state.servers[i].commitIndex = message.commitIndex
            let matchIndex = message.prevLogIndex + (message.entry == nil ? 0 : 1)
            state.messages.add(.appendEntriesResponse(term: receiver.term, success: true, matchIndex: matchIndex,
                                                      source: i, dest: j))
            state.messages.remove(message)
        case .removeConflictingEntry:
            state.servers[i].log = receiver.log.removingLast()
        case .appendEntry:
            state.servers[i].log = receiver.log.appending(message.entry!)
        case .handleAppendEntriesResponse:
            if message.success {
                state.servers[i].setNextIndex(j, message.matchIndex + 1)
                state.servers[i].setMatchIndex(j, message.matchIndex)
            } else {
                state.servers[i].setNextIndex(j, max(receiver.nextIndex(j) - 1, 1))
            }
            state.messages.remove(message)
        }
    }

    // MARK: Constraint

    /// MCraft.tla's `StateConstraint` (terms, duplicates, messages in flight) and its
    /// `LogConstraint` (log lengths).
    public func isWithinConstraint(_ state: State) -> Bool {
        // With logs off every log stays empty (`checkInvariants`), so only terms can leave the bounds.
        let logsOn = self.logsOn
        for i in 0..<servers {
            let server = state.servers[i]
            if server.term > configuration.maxTerm || (logsOn && server.log.count > configuration.maxLogLength) { return false }
        }
        return state.messages.count <= configuration.maxInFlight
            && state.messages.largestCount <= configuration.maxDuplicates
    }
}

/// The model of every configuration but TLC's history with logs on: its states are plain
/// values of fixed size (no reference inside), which the checker copies and compares fastest.
public typealias RaftElection = RaftElectionModel<NoLogHistory>

/// The model of TLC's history with logs on, whose states share the log history
/// (`RaftLogHistory`) between steps that do not change it.
public typealias RaftElectionWithLogHistory = RaftElectionModel<RaftLogHistory>
