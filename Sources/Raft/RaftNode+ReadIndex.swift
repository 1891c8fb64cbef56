extension RaftNode {
    /// Asks for a linearizable read without writing to the log (thesis §6.4, ReadIndex). A later
    /// Ready carries a `ReadState` with `context` once this node may serve it: the leader recorded
    /// its commit index, a quorum confirmed it was still leader after the read arrived, and this
    /// node has applied that index. A follower forwards the read to its leader.
    public mutating func readIndex(context: [UInt8]) throws(RaftError) {
        guard context.count <= options.entryBytesMax else { throw .entryTooLarge(byteCount: context.count, limit: options.entryBytesMax) }
        switch role {
        case .leader:
            try readIndex(requester: id, context: context)
        case .follower:
            guard let leader else { throw .readUnavailable("no leader known in term \(currentTerm)") }
            stamp &+= 1
            send(to: leader, .readIndexRequest(ReadIndexRequest(context: context)))
        case .candidate, .preCandidate:
            throw .readUnavailable("an election is in progress in term \(currentTerm)")
        }
        assertInvariants()
    }

    /// A read at the leader, its own or a follower's.
    mutating func readIndex(requester: NodeID, context: [UInt8]) throws(RaftError) {
        precondition(role == .leader)
        guard readOnly.count + postponedReads.count < options.pendingReadsMax else {
            throw .readUnavailable("\(options.pendingReadsMax) reads already waiting (pendingReadsMax)")
        }
        stamp &+= 1
        let request = ReadRequest(index: 0, requester: requester, context: context)
        // Until it commits an entry of its term, a new leader's commit index may lag entries an
        // earlier leader committed: such a read could miss a write. Hold it until then.
        guard committedEntryInCurrentTerm else {
            postponedReads.append(request)
            return
        }
        confirmLeadership(for: request)
    }

    var committedEntryInCurrentTerm: Bool { log.term(at: log.commitIndex) == currentTerm }

    /// Records the read at the current commit index and starts a heartbeat round; the read is
    /// answered when a quorum has answered a heartbeat sent after it.
    mutating func confirmLeadership(for request: ReadRequest) {
        var request = request
        request.index = log.commitIndex
        if tracker.members.count == 1 {
            answerRead(request, index: request.index)
            return
        }
        readOnly.add(request)
        readOnly.acknowledge(slot: selfSlot, context: readOnly.heartbeatContext)
        broadcastHeartbeat()
    }

    mutating func releasePostponedReads() {
        guard !postponedReads.isEmpty, committedEntryInCurrentTerm else { return }
        let waiting = postponedReads
        postponedReads.removeAll()
        for request in waiting { confirmLeadership(for: request) }
    }

    mutating func answerRead(_ request: ReadRequest, index: UInt64) {
        if request.requester == id {
            readStates.append(ReadState(readIndex: index, context: request.context))
        } else {
            send(to: request.requester, .readIndexResponse(ReadIndexResponse(readIndex: index, context: request.context)))
        }
    }
}
