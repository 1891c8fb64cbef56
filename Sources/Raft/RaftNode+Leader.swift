extension RaftNode {
    /// Proposes one command; returns the index it will have if it commits. Only a leader accepts
    /// proposals (a follower's caller redirects to `leader`).
    @discardableResult
    public mutating func propose(_ data: [UInt8]) throws(RaftError) -> UInt64 {
        try propose(contentsOf: CollectionOfOne(data)).lowerBound
    }

    /// Proposes commands as consecutive entries, sent in one round of AppendEntries; returns their
    /// indexes. Refuses the whole batch if any part is refused.
    @discardableResult
    public mutating func propose<Batch: Collection<[UInt8]>>(contentsOf batch: Batch) throws(RaftError) -> ClosedRange<UInt64> {
        precondition(!batch.isEmpty, "an empty proposal batch")
        guard role == .leader else { throw .notLeader(leader: leader) }
        guard leadTransferee == nil else { throw .leadershipTransferInProgress }
        var bytes = 0
        for data in batch {
            guard data.count <= options.entryBytesMax else { throw .entryTooLarge(byteCount: data.count, limit: options.entryBytesMax) }
            bytes += data.count
        }
        // An empty uncommitted tail takes any batch, so one large batch cannot wedge the leader.
        guard uncommittedBytes == 0 || uncommittedBytes + bytes <= options.uncommittedBytesMax else {
            throw .uncommittedLimitReached(limit: options.uncommittedBytesMax)
        }
        stamp &+= 1
        let first = log.lastIndex + 1
        appendEntries(data: batch)
        broadcastAppend()
        assertInvariants()
        return first...log.lastIndex
    }

    /// Appends entries of the current term (§5.3). The leader's own match rises only once they
    /// are stable (`advance`), so its vote towards commitment waits for its disk like a follower's.
    mutating func appendEntries<Batch: Collection<[UInt8]>>(data batch: Batch) {
        precondition(role == .leader)
        var index = log.lastIndex
        var entries: [LogEntry] = []
        entries.reserveCapacity(batch.count)
        for data in batch {
            index += 1
            entries.append(LogEntry(term: currentTerm, index: index, data: data))
            uncommittedBytes += data.count
        }
        log.append(entries)
    }

    mutating func stepLeader(_ message: RaftMessage) throws(RaftError) {
        let slot = tracker.slot(of: message.from)!
        switch message.content {
        case .appendEntriesResponse(let response):
            tracker.progress[slot].recentActive = true
            if response.success { handleAppendAccepted(slot: slot, response.matchIndex) } else { handleAppendRejected(slot: slot, response) }
        case .heartbeatResponse(let response):
            handleHeartbeatResponse(slot: slot, response)
        case .installSnapshotResponse(let response):
            tracker.progress[slot].recentActive = true
            let progress = tracker.progress[slot]
            guard progress.state == .snapshot, progress.pendingSnapshotIndex == response.snapshotIndex else { return }
            tracker.progress[slot].snapshotOffset = response.nextOffset
            sendSnapshotChunk(slot: slot)
        case .readIndexRequest(let request):
            // A forwarded read; when the queue is full it is dropped and the follower retries.
            try? readIndex(requester: message.from, context: request.context)
        case .transferLeadershipRequest(let transferee):
            startLeadershipTransfer(to: transferee)
        case .appendEntriesRequest, .heartbeatRequest, .installSnapshotRequest:
            throw .malformedMessage("\(message.from) acts as leader of term \(message.term), which this node leads")
        case .requestVoteRequest, .preVoteRequest, .requestVoteResponse, .preVoteResponse, .timeoutNow, .readIndexResponse:
            break
        }
    }

    mutating func handleAppendRejected(slot: Int, _ response: AppendEntriesResponse) {
        // The follower's hint is the largest position where the logs may match. With its term,
        // the leader skips back to its own last entry of at most that term: at most one round
        // trip per term in the divergent suffix (etcd-io/raft's probing; see raft.go).
        var probe = response.hintIndex
        if response.hintTerm > 0 {
            probe = log.lastPosition(atOrBelow: response.hintIndex, withTermAtMost: response.hintTerm).index
        }
        guard tracker.progress[slot].maybeDecrease(rejected: response.rejectedIndex, hint: probe) else { return }
        if tracker.progress[slot].state == .replicate { tracker.progress[slot].becomeProbe() }
        sendAppend(slot: slot)
    }

    mutating func handleAppendAccepted(slot: Int, _ matchIndex: UInt64) {
        let before = tracker.progress[slot]
        let updated = tracker.progress[slot].maybeUpdate(matchIndex)
        guard updated || (before.match == matchIndex && before.state == .probe) else { return }
        switch tracker.progress[slot].state {
        case .probe:
            tracker.progress[slot].becomeReplicate()
        case .snapshot where tracker.progress[slot].match + 1 >= log.firstIndex:
            // The follower holds the snapshot (or caught up otherwise): back to replication.
            tracker.progress[slot].becomeProbe()
            tracker.progress[slot].becomeReplicate()
        case .snapshot:
            break
        case .replicate:
            tracker.progress[slot].inflights.free(through: matchIndex)
        }
        if maybeCommit() {
            releasePostponedReads()
            broadcastAppend()
        } else if tracker.progress[slot].canBumpCommit(log.commitIndex) {
            sendAppend(slot: slot)
        }
        // Acknowledgements may have freed room for several size-limited messages.
        var rounds = 0
        while rounds < options.inflightMessagesMax && maybeSendAppend(slot: slot, sendIfEmpty: false) { rounds += 1 }
        if tracker.members[slot] == leadTransferee && tracker.progress[slot].match == log.lastIndex {
            send(to: tracker.members[slot], .timeoutNow)
        }
    }

    mutating func handleHeartbeatResponse(slot: Int, _ response: HeartbeatResponse) {
        tracker.progress[slot].recentActive = true
        tracker.progress[slot].paused = false
        let progress = tracker.progress[slot]
        if progress.state == .snapshot {
            // The chunk (or its answer) may have been lost: send it again.
            sendSnapshotChunk(slot: slot)
        } else if progress.match < log.lastIndex || progress.state == .probe {
            sendAppend(slot: slot)
        }
        guard response.readContext != 0 else { return }
        readOnly.acknowledge(slot: slot, context: response.readContext)
        for request in readOnly.confirm(quorum: tracker.quorum) { answerRead(request, index: request.index) }
    }

    /// §5.3/§5.4.2: the commit index rises to the largest index a quorum matches, but only when
    /// that entry is of the current term; earlier entries commit with it (Figure 8).
    mutating func maybeCommit() -> Bool {
        let candidate = tracker.quorumMatchIndex()
        guard candidate > log.commitIndex, log.term(at: candidate) == currentTerm else { return false }
        log.commit(to: candidate)
        return true
    }

    /// Hands leadership to `transferee` (thesis §3.10): once it is up to date, it is told to
    /// campaign at once; proposals wait meanwhile. A follower forwards the request to its leader.
    public mutating func transferLeadership(to transferee: NodeID) throws(RaftError) {
        guard tracker.slot(of: transferee) != nil else { throw .unknownPeer(transferee) }
        stamp &+= 1
        switch role {
        case .leader:
            startLeadershipTransfer(to: transferee)
        case .follower where leader != nil:
            send(to: leader!, .transferLeadershipRequest(transferee: transferee))
        case .follower, .candidate, .preCandidate:
            throw .notLeader(leader: nil)
        }
        assertInvariants()
    }

    mutating func startLeadershipTransfer(to transferee: NodeID) {
        guard transferee != id, transferee != leadTransferee else { return }
        // The transfer must finish within an election timeout (tickLeader abandons it).
        electionElapsed = 0
        leadTransferee = transferee
        let slot = tracker.slot(of: transferee)!
        if tracker.progress[slot].match == log.lastIndex {
            send(to: transferee, .timeoutNow)
        } else {
            sendAppend(slot: slot)
        }
    }
}
