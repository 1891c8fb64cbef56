/// What a leader knows of one follower (`nextIndex` and `matchIndex` of Figure 2, and etcd's
/// `tracker.Progress` flow control). Invariant: `match < next`.
public struct Progress: Sendable {
    /// The highest index known to match the leader's log (`matchIndex`).
    public internal(set) var match: UInt64 = 0
    /// The next index to send (`nextIndex`).
    public internal(set) var next: UInt64 = 1
    public internal(set) var state: ProgressState = .probe
    /// In the snapshot state: the index of the snapshot being sent, and how many of its bytes the
    /// follower confirmed.
    public internal(set) var pendingSnapshotIndex: UInt64 = 0
    public internal(set) var snapshotOffset = 0
    /// Heard from since the last CheckQuorum round.
    public internal(set) var recentActive = false
    /// In the probe state: a probe is outstanding. In the replicate state: inflights are full.
    public internal(set) var paused = false
    public internal(set) var inflights: Inflights
    /// The highest commit index sent to the follower (to know whether it needs a newer one).
    var sentCommit: UInt64 = 0

    init(next: UInt64, inflightMessagesMax: Int, inflightBytesMax: Int) {
        precondition(next >= 1)
        self.next = next
        self.inflights = Inflights(messagesMax: inflightMessagesMax, bytesMax: inflightBytesMax)
    }

    private mutating func reset(to state: ProgressState) {
        paused = false
        pendingSnapshotIndex = 0
        snapshotOffset = 0
        self.state = state
        inflights.reset()
    }

    mutating func becomeProbe() {
        if state == .snapshot {
            let pending = pendingSnapshotIndex
            reset(to: .probe)
            next = max(match + 1, pending + 1)
        } else {
            reset(to: .probe)
            next = match + 1
        }
        sentCommit = min(sentCommit, next - 1)
    }

    mutating func becomeReplicate() {
        reset(to: .replicate)
        next = match + 1
    }

    mutating func becomeSnapshot(index: UInt64) {
        reset(to: .snapshot)
        pendingSnapshotIndex = index
        next = index + 1
        sentCommit = index
    }

    /// An AppendEntries with `count` entries of `bytes` bytes went out.
    mutating func sentEntries(count: Int, bytes: Int) {
        switch state {
        case .replicate:
            if count > 0 {
                next += UInt64(count)
                inflights.add(index: next - 1, bytes: bytes)
            }
            paused = inflights.isFull
        case .probe:
            if count > 0 { paused = true }
        case .snapshot:
            preconditionFailure("AppendEntries sent to a follower in the snapshot state")
        }
    }

    /// True when the follower may be behind `commit`: it was sent an older commit index and can
    /// take a newer one (it has entries beyond what it was told is committed).
    func canBumpCommit(_ commit: UInt64) -> Bool { commit > sentCommit && sentCommit < next - 1 }

    /// The follower matches through `index`; false when that is not news.
    mutating func maybeUpdate(_ index: UInt64) -> Bool {
        guard index > match else { return false }
        match = index
        next = max(next, index + 1)
        paused = false
        return true
    }

    /// The follower rejected an append at `rejected`; `hint` is where the logs may match. False
    /// when the rejection is stale (answers an older probe, or an index already matched).
    mutating func maybeDecrease(rejected: UInt64, hint: UInt64) -> Bool {
        if state == .replicate {
            guard rejected > match else { return false }
            next = match + 1
            sentCommit = min(sentCommit, next - 1)
            return true
        }
        guard next - 1 == rejected else { return false }
        next = max(min(rejected, hint + 1), match + 1)
        sentCommit = min(sentCommit, next - 1)
        paused = false
        return true
    }

    /// Whether the leader holds off sending AppendEntries to this follower.
    public var isPaused: Bool {
        switch state {
        case .probe, .replicate: paused
        case .snapshot: true
        }
    }
}
