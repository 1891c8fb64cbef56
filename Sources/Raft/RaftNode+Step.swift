extension RaftNode {
    /// Takes one message from a peer. Rejects, without changing anything, a message from a node
    /// that is not a peer, addressed elsewhere, or malformed.
    public mutating func step(_ message: RaftMessage) throws(RaftError) {
        try validate(message)
        stamp &+= 1
        defer { assertInvariants() }
        guard applyTermRules(message) else { return }
        switch message.content {
        case .requestVoteRequest(let request):
            handleVoteRequest(from: message.from, term: message.term, request, preVote: false)
        case .preVoteRequest(let request):
            handleVoteRequest(from: message.from, term: message.term, request, preVote: true)
        default:
            switch role {
            case .leader: try stepLeader(message)
            case .candidate, .preCandidate: try stepCandidate(message)
            case .follower: try stepFollower(message)
            }
        }
    }

    /// The rules every role shares (§5.1, thesis §9.6). Returns false when the message is done
    /// with: ignored for leader stickiness, or of a stale term.
    mutating func applyTermRules(_ message: RaftMessage) -> Bool {
        if message.term > currentTerm {
            switch message.content {
            case .requestVoteRequest(let request), .preVoteRequest(let request):
                // Leader stickiness: within an election timeout of hearing from a leader, a node
                // neither grants a vote nor adopts the candidate's term, so a node that was cut
                // off cannot depose a healthy leader. A transfer's campaign is exempt.
                let inLease = options.checkQuorum && leader != nil && electionElapsed < options.electionTimeoutTicks
                if inLease && !request.leadershipTransfer { return false }
            default:
                break
            }
            switch message.content {
            case .preVoteRequest:
                break // A PreVote never changes the receiver's term.
            case .preVoteResponse(let response) where response.voteGranted:
                break // Granted at the term the pre-candidate has yet to enter.
            case .appendEntriesRequest, .heartbeatRequest, .installSnapshotRequest:
                becomeFollower(term: message.term, leader: message.from)
            default:
                becomeFollower(term: message.term, leader: nil)
            }
            return true
        }
        if message.term < currentTerm {
            respondToStaleTerm(message)
            return false
        }
        return true
    }

    /// A message from an earlier term is ignored (§5.1), with two answers etcd-io/raft gives: an
    /// old leader's append or heartbeat is answered at the current term so that it steps down
    /// (with PreVote or CheckQuorum a higher term may otherwise never reach it), and a PreVote is
    /// rejected at the current term so that the pre-candidate learns it.
    mutating func respondToStaleTerm(_ message: RaftMessage) {
        switch message.content {
        case .appendEntriesRequest, .heartbeatRequest:
            if options.checkQuorum || options.preVote {
                send(to: message.from, .appendEntriesResponse(.rejected(index: 0, hint: .zero)))
            }
        case .preVoteRequest:
            send(to: message.from, .preVoteResponse(RequestVoteResponse(voteGranted: false)))
        default:
            break
        }
    }

    /// RequestVote and PreVote (§5.2, §5.4.1): one vote per term, first come first served, only for
    /// a candidate whose log is at least as up to date.
    mutating func handleVoteRequest(from candidate: NodeID, term: UInt64, _ request: RequestVoteRequest, preVote: Bool) {
        let canVote = votedFor == candidate
            || (votedFor == nil && leader == nil)
            || (preVote && term > currentTerm)
        let candidateLast = LogPosition(index: request.lastLogIndex, term: request.lastLogTerm)
        let granted = canVote && log.isUpToDate(candidateLast: candidateLast)
        let response = RequestVoteResponse(voteGranted: granted)
        // A grant carries the request's term (a PreVote's is one the voter has not entered); a
        // rejection carries the voter's own, so the candidate learns it.
        send(to: candidate, term: granted ? term : currentTerm, preVote ? .preVoteResponse(response) : .requestVoteResponse(response))
        if granted && !preVote {
            precondition(term == currentTerm, "a vote is granted only in the voter's current term")
            electionElapsed = 0
            votedFor = candidate
        }
    }

    mutating func stepCandidate(_ message: RaftMessage) throws(RaftError) {
        switch message.content {
        case .appendEntriesRequest, .heartbeatRequest, .installSnapshotRequest:
            // §5.2: a leader of this term exists; the candidate returns to follower.
            becomeFollower(term: message.term, leader: message.from)
            try stepFollower(message)
        case .requestVoteResponse(let response) where role == .candidate:
            countVote(from: message.from, granted: response.voteGranted)
        case .preVoteResponse(let response) where role == .preCandidate:
            countVote(from: message.from, granted: response.voteGranted)
        default:
            break // Stale vote responses, TimeoutNow, forwarded requests: not for a candidate.
        }
    }

    mutating func countVote(from voter: NodeID, granted: Bool) {
        tracker.recordVote(slot: tracker.slot(of: voter)!, granted: granted)
        switch tracker.tally() {
        case .won: winElection()
        case .lost: becomeFollower(term: currentTerm, leader: nil)
        case .pending: break
        }
    }

    mutating func stepFollower(_ message: RaftMessage) throws(RaftError) {
        switch message.content {
        case .appendEntriesRequest(let request):
            electionElapsed = 0
            leader = message.from
            handleAppendEntries(from: message.from, request)
        case .heartbeatRequest(let request):
            electionElapsed = 0
            leader = message.from
            log.commit(to: request.commitIndex)
            send(to: message.from, .heartbeatResponse(HeartbeatResponse(readContext: request.readContext)))
        case .installSnapshotRequest(let request):
            electionElapsed = 0
            leader = message.from
            handleSnapshotChunk(from: message.from, request)
        case .timeoutNow:
            // Thesis §3.10: the leader asks this up-to-date node to campaign now, without PreVote.
            startElection(.transfer)
        case .readIndexResponse(let response):
            // Beyond the limit the read is dropped; its requester times out and retries.
            if readStates.count < options.pendingReadsMax {
                readStates.append(ReadState(readIndex: response.readIndex, context: response.context))
            }
        default:
            break // Responses and forwarded requests meant for a leader.
        }
    }
}
