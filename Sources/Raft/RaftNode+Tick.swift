extension RaftNode {
    /// One unit of logical time.
    public mutating func tick() {
        stamp &+= 1
        if role == .leader { tickLeader() } else { tickElection() }
        assertInvariants()
    }

    /// Followers and candidates: campaign once the randomized election timeout passes (§5.2).
    mutating func tickElection() {
        electionElapsed += 1
        guard electionElapsed >= randomizedElectionTimeout else { return }
        electionElapsed = 0
        startElection(options.preVote ? .preElection : .election)
    }

    /// Leaders: heartbeats every interval; every election timeout, CheckQuorum and the end of an
    /// unfinished leadership transfer.
    mutating func tickLeader() {
        heartbeatElapsed += 1
        electionElapsed += 1
        if electionElapsed >= options.electionTimeoutTicks {
            electionElapsed = 0
            if options.checkQuorum {
                if !tracker.quorumActive(selfSlot: selfSlot) {
                    // Thesis §6.2: a leader that heard from no quorum for an election timeout may
                    // have been replaced; it steps down rather than serve stale reads.
                    becomeFollower(term: currentTerm, leader: nil)
                    return
                }
                for slot in tracker.progress.indices where slot != selfSlot { tracker.progress[slot].recentActive = false }
            }
            // A transfer that did not finish within an election timeout is abandoned.
            leadTransferee = nil
        }
        if heartbeatElapsed >= options.heartbeatIntervalTicks {
            heartbeatElapsed = 0
            broadcastHeartbeat()
        }
    }
}
