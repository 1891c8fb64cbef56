extension RaftNode {
    /// Enters `term` (forgetting the vote if the term is new) and clears everything that belongs
    /// to a role in the previous term.
    mutating func reset(term: UInt64) {
        precondition(term >= currentTerm, "terms never decrease (\(currentTerm) -> \(term))")
        if term != currentTerm {
            currentTerm = term
            votedFor = nil
        }
        leader = nil
        electionElapsed = 0
        heartbeatElapsed = 0
        resetRandomizedElectionTimeout()
        leadTransferee = nil
        tracker.resetVotes()
        tracker.resetProgress(lastIndex: log.lastIndex, selfSlot: selfSlot, selfMatch: log.stableIndex)
        uncommittedBytes = 0
        readOnly = ReadOnlyQueue(memberCount: tracker.members.count)
        postponedReads.removeAll()
    }

    mutating func becomeFollower(term: UInt64, leader newLeader: NodeID?) {
        reset(term: term)
        leader = newLeader
        role = .follower
    }

    mutating func becomePreCandidate() {
        guard role != .leader else { preconditionFailure("invalid transition leader -> pre-candidate") }
        // PreVote changes neither the term nor the vote: that is its point.
        tracker.resetVotes()
        leader = nil
        role = .preCandidate
    }

    mutating func becomeCandidate() {
        guard role != .leader else { preconditionFailure("invalid transition leader -> candidate") }
        reset(term: currentTerm + 1)
        votedFor = id
        role = .candidate
    }

    mutating func becomeLeader() {
        guard role == .candidate else { preconditionFailure("invalid transition \(role) -> leader") }
        reset(term: currentTerm)
        leader = id
        role = .leader
        tracker.progress[selfSlot].becomeReplicate()
        tracker.progress[selfSlot].recentActive = true
        // §5.4.2 / §8: a new leader commits an entry of its own term at once, so that entries of
        // earlier terms commit through it and reads can be served.
        appendEntries(data: [[]])
    }

    /// Starts an election now, as if the election timeout had passed (with PreVote when enabled).
    public mutating func campaign() {
        stamp &+= 1
        startElection(options.preVote ? .preElection : .election)
        assertInvariants()
    }

    /// Starts an election of `kind` (etcd's `hup`), unless this node is already leader.
    mutating func startElection(_ kind: CampaignKind) {
        guard role != .leader else { return }
        campaign(kind)
    }

    mutating func campaign(_ kind: CampaignKind) {
        let voteTerm: UInt64
        switch kind {
        case .preElection:
            becomePreCandidate()
            voteTerm = currentTerm + 1
        case .election, .transfer:
            becomeCandidate()
            voteTerm = currentTerm
        }
        // The node's own vote; it reaches storage in the Ready that carries the requests, before
        // any of them leaves.
        tracker.recordVote(slot: selfSlot, granted: true)
        if tracker.tally() == .won {
            winElection()
            return
        }
        let request = RequestVoteRequest(lastLogIndex: log.lastIndex, lastLogTerm: log.lastTerm,
                                         leadershipTransfer: kind == .transfer)
        for peer in tracker.members where peer != id {
            send(to: peer, term: voteTerm, kind == .preElection ? .preVoteRequest(request) : .requestVoteRequest(request))
        }
    }

    mutating func winElection() {
        if role == .preCandidate {
            campaign(.election)
        } else {
            becomeLeader()
            broadcastAppend()
        }
    }
}
