extension RaftNode {
    /// Takes a snapshot: `snapshotData` is the application's state machine with every entry
    /// through `index` applied (and none after). The log is compacted up to
    /// `compactionRetainedEntries` entries below `index`; the next Ready asks storage to save the
    /// snapshot and drop the compacted entries.
    public mutating func compact(snapshotData: [UInt8], through index: UInt64) throws(RaftError) {
        guard index <= log.appliedIndex else {
            throw .invalidSnapshotRequest("index \(index) beyond the applied index \(log.appliedIndex)")
        }
        guard index > (snapshot?.index ?? 0) else {
            throw .invalidSnapshotRequest("index \(index) not after the last snapshot's \(snapshot?.index ?? 0)")
        }
        guard let term = log.term(at: index) else { throw .invalidSnapshotRequest("entry \(index) already compacted") }
        stamp &+= 1
        let metadata = SnapshotMetadata(position: LogPosition(index: index, term: term), members: tracker.members)
        let taken = Snapshot(metadata: metadata, data: snapshotData)
        snapshot = taken
        snapshotToPersist = taken
        let retained = options.compactionRetainedEntries
        let through = index > retained ? index - retained : 0
        if through > log.compacted.index {
            log.compact(through: through)
            compactionToPersist = log.compacted
        }
        assertInvariants()
    }

    /// A chunk of InstallSnapshot at a follower: assembled in order; once complete, the snapshot
    /// replaces the log unless the log already holds its last entry (etcd's `restore`).
    mutating func handleSnapshotChunk(from leader: NodeID, _ chunk: InstallSnapshotRequest) {
        if chunk.metadata.index <= log.commitIndex {
            // Nothing new in it: tell the leader how far this node is.
            snapshotReceiver.reset()
            send(to: leader, .appendEntriesResponse(.accepted(matchIndex: log.commitIndex)))
            return
        }
        switch snapshotReceiver.receive(chunk) {
        case .needs(let offset):
            send(to: leader, .installSnapshotResponse(InstallSnapshotResponse(snapshotIndex: chunk.metadata.index, nextOffset: offset)))
        case .complete(let received):
            restore(received)
            send(to: leader, .appendEntriesResponse(.accepted(matchIndex: log.lastIndex)))
        }
    }

    mutating func restore(_ received: Snapshot) {
        precondition(role == .follower && received.index > log.commitIndex)
        if log.matches(received.metadata.position) {
            // The log holds the snapshot's last entry, so it holds everything the snapshot covers:
            // just learn that it is committed.
            log.commit(to: received.index)
            return
        }
        log.restore(received.metadata.position)
        snapshot = received
        snapshotToPersist = received
        snapshotToApply = received
        compactionToPersist = nil
    }
}
