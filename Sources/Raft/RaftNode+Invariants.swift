extension RaftNode {
    /// The node's invariants, checked after every input in debug builds.
    func assertInvariants() {
        #if DEBUG
        log.assertInvariants()
        assert(log.lastTerm <= currentTerm, "last log term \(log.lastTerm) beyond the current term \(currentTerm)")
        assert(persistedHardState.currentTerm <= currentTerm, "persisted term ahead of the current term")
        switch role {
        case .leader:
            assert(leader == id, "a leader follows itself")
            assert(votedFor == id, "a leader voted for itself")
            assert(log.lastTerm == currentTerm, "a leader's log ends with an entry of its term")
            for (slot, progress) in tracker.progress.enumerated() {
                assert(progress.match < progress.next, "match \(progress.match) not below next \(progress.next) for slot \(slot)")
                assert(progress.match <= log.lastIndex, "match beyond the leader's log")
            }
            assert(tracker.progress[selfSlot].match <= log.stableIndex, "the leader counts only its stable entries")
        case .candidate:
            assert(votedFor == id, "a candidate voted for itself")
            assert(leader == nil)
        case .preCandidate:
            assert(leader == nil)
        case .follower:
            assert(leadTransferee == nil && postponedReads.isEmpty && readOnly.count == 0, "leader state on a follower")
        }
        assert(uncommittedBytes >= 0)
        if log.compacted.index > 0 {
            assert(snapshot != nil && snapshot!.index >= log.compacted.index, "a compacted log has a snapshot covering it")
        }
        if let snapshot { assert(snapshot.index <= log.commitIndex, "the snapshot covers only committed entries") }
        #endif
    }
}
