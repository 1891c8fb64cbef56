extension RaftNode {
    /// AppendEntries at a follower (§5.3): the consistency check, conflict truncation, append,
    /// and commit up to what the request covers.
    mutating func handleAppendEntries(from leader: NodeID, _ request: AppendEntriesRequest) {
        if request.prevLogIndex < log.commitIndex {
            // A stale or duplicated request: everything through the commit index matches.
            send(to: leader, .appendEntriesResponse(.accepted(matchIndex: log.commitIndex)))
            return
        }
        guard log.matches(request.prevPosition) else {
            let hint = log.lastPosition(atOrBelow: min(request.prevLogIndex, log.lastIndex), withTermAtMost: request.prevLogTerm)
            send(to: leader, .appendEntriesResponse(.rejected(index: request.prevLogIndex, hint: hint)))
            return
        }
        let lastNew = request.prevLogIndex + UInt64(request.entries.count)
        if let conflict = log.firstConflict(in: request.entries) {
            // Entries start after prevLogIndex, which is at or past the commit index (above).
            assert(conflict > log.commitIndex, "a conflict at or below the commit index")
            // Only from the first entry the log does not hold: a delayed, shorter request never
            // truncates entries a later request added.
            let start = Int(conflict - request.prevLogIndex - 1)
            log.truncateAndAppend(request.entries[start...])
        }
        // Figure 2: commit min(leaderCommit, index of last new entry). Entries beyond `lastNew`
        // may not be the leader's, so the commit index never passes it.
        log.commit(to: min(request.commitIndex, lastNew))
        send(to: leader, .appendEntriesResponse(.accepted(matchIndex: lastNew)))
    }
}
