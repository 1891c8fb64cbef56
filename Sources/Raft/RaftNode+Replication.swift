extension RaftNode {
    /// Sends the follower in `slot` an append (empty if there is nothing new, for the commit
    /// index), and in the replicate state further size-limited appends while the inflight window
    /// has room, so a large batch streams out at once rather than one message per round trip.
    mutating func sendAppend(slot: Int) {
        guard maybeSendAppend(slot: slot, sendIfEmpty: true) else { return }
        var sent = 1
        while sent < options.inflightMessagesMax && tracker.progress[slot].state == .replicate
            && maybeSendAppend(slot: slot, sendIfEmpty: false) { sent += 1 }
    }

    /// Sends the follower in `slot` the entries from its `next` on, at most `appendEntriesBytesMax`
    /// bytes and `entriesPerAppendMax` entries, with the leader's commit index; or the snapshot when those entries are compacted.
    /// Returns whether a message went out. An empty message (`sendIfEmpty`) still carries the
    /// commit index and, to a follower whose inflights are full, a probe that frees them.
    mutating func maybeSendAppend(slot: Int, sendIfEmpty: Bool) -> Bool {
        precondition(role == .leader && slot != selfSlot)
        let progress = tracker.progress[slot]
        guard !progress.isPaused else { return false }
        let prevIndex = progress.next - 1
        guard let prevTerm = log.term(at: prevIndex) else { return maybeSendSnapshot(slot: slot) }
        var entries: [LogEntry] = []
        if progress.state != .replicate || !progress.inflights.isFull {
            entries = log.entries(from: progress.next, through: log.lastIndex, bytesMax: options.appendEntriesBytesMax,
                                  countMax: options.entriesPerAppendMax)
        }
        if entries.isEmpty && !sendIfEmpty { return false }
        let bytes = entries.reduce(0) { $0 + $1.byteCount }
        let request = AppendEntriesRequest(prevLogIndex: prevIndex, prevLogTerm: prevTerm, entries: entries, commitIndex: log.commitIndex)
        send(to: tracker.members[slot], .appendEntriesRequest(request))
        tracker.progress[slot].sentEntries(count: entries.count, bytes: bytes)
        tracker.progress[slot].sentCommit = log.commitIndex
        return true
    }

    mutating func broadcastAppend() {
        for slot in tracker.members.indices where slot != selfSlot { sendAppend(slot: slot) }
    }

    /// Heartbeats to every follower, carrying the latest read awaiting confirmation.
    mutating func broadcastHeartbeat() {
        let context = readOnly.heartbeatContext
        for slot in tracker.members.indices where slot != selfSlot {
            // Never more than the follower is known to hold: its log beyond `match` may differ.
            let commit = min(tracker.progress[slot].match, log.commitIndex)
            send(to: tracker.members[slot], .heartbeatRequest(HeartbeatRequest(commitIndex: commit, readContext: context)))
            tracker.progress[slot].sentCommit = commit
        }
    }

    /// Moves a follower whose next entries are compacted to the snapshot state and sends the first
    /// chunk, if it was heard from lately (a snapshot to a dead node is wasted bandwidth).
    mutating func maybeSendSnapshot(slot: Int) -> Bool {
        guard tracker.progress[slot].recentActive, let snapshot else { return false }
        tracker.progress[slot].becomeSnapshot(index: snapshot.index)
        sendSnapshotChunk(slot: slot)
        return true
    }

    /// Sends the chunk of the snapshot that starts at the follower's confirmed offset, at most
    /// `snapshotChunkBytesMax` bytes. One chunk is outstanding at a time; a lost one is sent again
    /// on the next heartbeat response.
    mutating func sendSnapshotChunk(slot: Int) {
        precondition(tracker.progress[slot].state == .snapshot)
        guard let snapshot else { preconditionFailure("snapshot state without a snapshot") }
        if tracker.progress[slot].pendingSnapshotIndex != snapshot.index {
            // A newer snapshot replaced the one being sent: start it from its beginning.
            tracker.progress[slot].becomeSnapshot(index: snapshot.index)
        }
        let total = snapshot.data.count
        let offset = min(tracker.progress[slot].snapshotOffset, total)
        let end = min(total, offset + options.snapshotChunkBytesMax)
        let chunk = InstallSnapshotRequest(metadata: snapshot.metadata, offset: offset, totalByteCount: total,
                                           data: Array(snapshot.data[offset..<end]))
        send(to: tracker.members[slot], .installSnapshotRequest(chunk))
    }
}
