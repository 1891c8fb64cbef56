extension RaftNode {
    /// Rejects a message no correct peer sends, before it changes anything.
    func validate(_ message: RaftMessage) throws(RaftError) {
        guard message.to == id else { throw .misaddressed(to: message.to) }
        guard message.from != id, tracker.slot(of: message.from) != nil else { throw .unknownPeer(message.from) }
        guard message.term > 0 else { throw .malformedMessage("term 0 from \(message.from)") }
        if let problem = formatProblem(message) { throw .malformedMessage("\(problem) in \(message)") }
        // Rules that hold only for a message of the current (or a later) term: a stale message may
        // legitimately describe a log this node no longer has.
        guard message.term >= currentTerm else { return }
        if let problem = stateProblem(message) { throw .malformedMessage("\(problem) in \(message)") }
    }

    /// Problems visible in the message alone.
    func formatProblem(_ message: RaftMessage) -> String? {
        switch message.content {
        case .appendEntriesRequest(let request):
            if request.prevLogTerm > message.term { return "previous term beyond the message's term" }
            var expected = LogPosition(index: request.prevLogIndex, term: request.prevLogTerm)
            for entry in request.entries {
                if entry.index != expected.index + 1 { return "entry \(entry.index) does not follow \(expected.index)" }
                if entry.term < expected.term { return "entry terms decrease at \(entry.index)" }
                if entry.term > message.term { return "entry \(entry.index) from a future term \(entry.term)" }
                if entry.data.count > options.entryBytesMax { return "entry \(entry.index) larger than entryBytesMax" }
                expected = entry.position
            }
        case .appendEntriesResponse(let response):
            if !response.success && response.hintIndex > response.rejectedIndex { return "hint beyond the rejected index" }
        case .installSnapshotRequest(let request):
            let metadata = request.metadata
            if request.totalByteCount > options.snapshotBytesMax { return "snapshot larger than snapshotBytesMax" }
            if request.offset < 0 || request.offset + request.data.count > request.totalByteCount { return "chunk outside the snapshot" }
            if metadata.index == 0 || metadata.term == 0 || metadata.term > message.term { return "snapshot position \(metadata.position)" }
            if metadata.members != tracker.members { return "snapshot members \(metadata.members) differ from \(tracker.members)" }
        case .installSnapshotResponse(let response):
            if response.nextOffset < 0 { return "negative snapshot offset" }
        case .transferLeadershipRequest(let transferee):
            if tracker.slot(of: transferee) == nil { return "transfer to \(transferee), not a member" }
        case .readIndexRequest(let request):
            if request.context.count > options.entryBytesMax { return "read context larger than entryBytesMax" }
        case .requestVoteRequest, .requestVoteResponse, .preVoteRequest, .preVoteResponse, .heartbeatRequest,
             .heartbeatResponse, .timeoutNow, .readIndexResponse:
            break
        }
        return nil
    }

    /// Problems visible against this node's log: indexes beyond what a correct peer can know.
    func stateProblem(_ message: RaftMessage) -> String? {
        switch message.content {
        case .heartbeatRequest(let request):
            // A leader sends at most the index it knows this node holds.
            if request.commitIndex > log.lastIndex { return "commit \(request.commitIndex) beyond the last index \(log.lastIndex)" }
        case .appendEntriesResponse(let response) where role == .leader && message.term == currentTerm:
            let index = response.success ? response.matchIndex : response.rejectedIndex
            if index > log.lastIndex { return "index \(index) beyond the leader's last index \(log.lastIndex)" }
        case .installSnapshotResponse(let response) where role == .leader && message.term == currentTerm:
            if let snapshot, response.snapshotIndex == snapshot.index, response.nextOffset > snapshot.data.count {
                return "offset \(response.nextOffset) beyond the snapshot's \(snapshot.data.count) bytes"
            }
        default:
            break
        }
        return nil
    }
}
