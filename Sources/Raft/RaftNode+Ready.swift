extension RaftNode {
    /// Whether `ready()` has anything for the caller.
    public var hasReady: Bool {
        hardState != persistedHardState || log.unstableFrom <= log.lastIndex || snapshotToPersist != nil
            || compactionToPersist != nil || !outbox.isEmpty || snapshotToApply != nil
            || log.commitIndex > log.appliedIndex || readStates.contains { $0.readIndex <= log.appliedIndex }
    }

    func committedEntriesForReady() -> [LogEntry] {
        guard log.commitIndex > log.appliedIndex else { return [] }
        return log.entries(from: log.appliedIndex + 1, through: log.commitIndex, bytesMax: options.committedEntriesBytesMax)
    }

    func releasableReadStates(appliedThrough applied: UInt64) -> [ReadState] {
        readStates.filter { $0.readIndex <= applied }
    }

    /// Everything the caller must persist, send and apply now (see `Ready` for the order).
    public func ready() -> Ready {
        let hard = hardState
        let entries = log.entries(from: log.unstableFrom, through: log.lastIndex, bytesMax: Int.max)
        let committed = committedEntriesForReady()
        let applied = committed.last?.index ?? log.appliedIndex
        let newTermOrVote = hard.currentTerm != persistedHardState.currentTerm || hard.votedFor != persistedHardState.votedFor
        return Ready(softState: softState,
                     hardState: hard == persistedHardState ? nil : hard,
                     entries: entries,
                     snapshot: snapshotToPersist,
                     compaction: compactionToPersist,
                     mustSync: newTermOrVote || !entries.isEmpty || snapshotToPersist != nil,
                     messages: outbox,
                     snapshotToApply: snapshotToApply,
                     committedEntries: committed,
                     readStates: releasableReadStates(appliedThrough: applied),
                     stamp: stamp)
    }

    /// The caller has persisted, sent and applied `ready`, which it took from this node's current
    /// state (no input in between).
    public mutating func advance(_ ready: Ready) {
        precondition(ready.stamp == stamp, "advance with a Ready taken before later inputs")
        stamp &+= 1
        if let hard = ready.hardState { persistedHardState = hard }
        if let last = ready.entries.last {
            precondition(last.index == log.lastIndex, "Ready entries end at \(last.index), log at \(log.lastIndex)")
            log.stable(through: last.index)
        }
        snapshotToPersist = nil
        compactionToPersist = nil
        snapshotToApply = nil
        outbox.removeAll(keepingCapacity: true)
        if let last = ready.committedEntries.last {
            log.applied(to: last.index)
            if role == .leader {
                let bytes = ready.committedEntries.reduce(0) { $0 + $1.data.count }
                uncommittedBytes = max(0, uncommittedBytes - bytes)
            }
        }
        if !ready.readStates.isEmpty {
            let applied = log.appliedIndex
            readStates.removeAll { $0.readIndex <= applied }
        }
        if role == .leader {
            // The leader's own acknowledgement: its entries count towards commitment once stable.
            if tracker.progress[selfSlot].maybeUpdate(log.stableIndex) && maybeCommit() {
                releasePostponedReads()
                broadcastAppend()
            }
        }
        assertInvariants()
    }
}
