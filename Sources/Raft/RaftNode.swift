import Support

/// One Raft server as a value with no I/O (Ongaro & Ousterhout, "In Search of an Understandable
/// Consensus Algorithm", and Ongaro's thesis; the shape of etcd-io/raft's `raft` and `RawNode`).
///
/// Events go in through `step(_:)` (a message from a peer), `tick()` (one unit of logical time),
/// `propose(_:)`, `readIndex(context:)`, `transferLeadership(to:)`, `campaign()` and
/// `compact(snapshotData:through:)`. Effects come out as a `Ready` (`ready()`), which the caller
/// persists, sends and applies, then acknowledges with `advance(_:)`. Election timeouts are drawn
/// from a generator the caller seeds, so a run is a function of its inputs.
///
/// `step` first applies the rules every role shares (term handling, §5.1; PreVote and leader
/// stickiness, thesis §9.6) and then dispatches by role; roles change only through the
/// `become…` functions, which stop on an illegal transition.
public struct RaftNode: Sendable {
    public let id: NodeID
    public let options: RaftOptions

    // Persistent state (Figure 2), persisted through `Ready.hardState`.
    public internal(set) var currentTerm: UInt64 = 0
    public internal(set) var votedFor: NodeID?
    public internal(set) var log: ReplicatedLog

    // Volatile state.
    public internal(set) var role: RaftRole = .follower
    /// The leader of `currentTerm` as far as this node knows.
    public internal(set) var leader: NodeID?
    public internal(set) var tracker: ProgressTracker
    let selfSlot: Int
    /// Ticks since the last election timeout reset (followers, candidates) or since the last
    /// CheckQuorum round (leaders).
    public internal(set) var electionElapsed = 0
    var heartbeatElapsed = 0
    /// This term's timeout, drawn from [T, 2T).
    public internal(set) var randomizedElectionTimeout: Int
    var random: SplitMix64
    /// The member a leadership transfer is handing over to.
    public internal(set) var leadTransferee: NodeID?
    /// Data bytes of this leader's uncommitted entries (bounded by `uncommittedBytesMax`).
    var uncommittedBytes = 0
    var readOnly: ReadOnlyQueue
    /// Reads that arrived before this leader committed an entry of its term.
    var postponedReads: [ReadRequest] = []
    /// Confirmed reads waiting until this node has applied their index.
    var readStates: [ReadState] = []
    /// The latest snapshot (taken here or received), for followers that need it.
    public internal(set) var snapshot: Snapshot?
    var snapshotReceiver = SnapshotReceiver()

    // What the next Ready hands out.
    var outbox: [RaftMessage] = []
    var persistedHardState: HardState
    var snapshotToPersist: Snapshot?
    var compactionToPersist: LogPosition?
    var snapshotToApply: Snapshot?
    /// Changes with every input, so `advance` can check it is given the current Ready.
    var stamp: UInt64 = 0

    /// A new node with an empty log.
    public init(options: RaftOptions, random: SplitMix64) throws(RaftError) {
        try self.init(options: options, restoring: PersistedState(), random: random)
    }

    /// A node restarted from what its storage recovered: the hard state, the last snapshot and the
    /// entries after the compacted position. The first Ready hands the snapshot back
    /// (`snapshotToApply`) and then the committed entries after it, for the application to rebuild
    /// its state machine.
    public init(options: RaftOptions, restoring state: PersistedState, random: SplitMix64) throws(RaftError) {
        if let problem = options.problem { throw .invalidOptions(problem) }
        if let problem = state.problem(members: options.members.sorted()) { throw .corruptState(problem) }
        self.id = options.id
        var options = options
        options.members.sort()
        self.options = options
        self.random = random
        tracker = ProgressTracker(members: options.members, inflightMessagesMax: options.inflightMessagesMax,
                                  inflightBytesMax: options.inflightBytesMax)
        selfSlot = tracker.slot(of: options.id)!
        readOnly = ReadOnlyQueue(memberCount: options.members.count)
        let snapshotIndex = state.snapshot?.index ?? 0
        let appliedIndex = max(snapshotIndex, state.compacted.index)
        log = ReplicatedLog(compacted: state.compacted, entries: state.entries,
                            commitIndex: max(state.hardState.commitIndex, appliedIndex), appliedIndex: appliedIndex)
        // A Ready's entries (or snapshot) are written before its hard state, so a crash before the
        // sync may keep entries of a term whose hard state record was lost. The lost record
        // carried no vote for that term (a vote is synced before the grant leaves), so entering
        // the term without a vote is exactly what the node had promised.
        let knownTerm = max(state.lastTerm, state.snapshot?.term ?? 0)
        if knownTerm > state.hardState.currentTerm {
            currentTerm = knownTerm
            votedFor = nil
        } else {
            currentTerm = state.hardState.currentTerm
            votedFor = state.hardState.votedFor
        }
        persistedHardState = state.hardState
        snapshot = state.snapshot
        snapshotToApply = state.snapshot
        randomizedElectionTimeout = options.electionTimeoutTicks
        resetRandomizedElectionTimeout()
        becomeFollower(term: currentTerm, leader: nil)
        assertInvariants()
    }

    public var commitIndex: UInt64 { log.commitIndex }
    public var appliedIndex: UInt64 { log.appliedIndex }
    public var members: [NodeID] { tracker.members }
    public var softState: SoftState { SoftState(role: role, leader: leader) }
    public var hardState: HardState { HardState(currentTerm: currentTerm, votedFor: votedFor, commitIndex: log.commitIndex) }

    /// What the leader knows of `member` (meaningful on a leader).
    public func progress(of member: NodeID) -> Progress? { tracker.slot(of: member).map { tracker.progress[$0] } }

    mutating func resetRandomizedElectionTimeout() {
        let timeout = options.electionTimeoutTicks
        randomizedElectionTimeout = timeout + random.below(timeout)
        assert(randomizedElectionTimeout >= timeout && randomizedElectionTimeout < 2 * timeout)
    }

    /// Queues a message; `term` defaults to the current term.
    mutating func send(to peer: NodeID, term: UInt64? = nil, _ content: MessageContent) {
        precondition(peer != id, "a node never sends to itself")
        outbox.append(RaftMessage(from: id, to: peer, term: term ?? currentTerm, content: content))
    }

    /// The peers, in member order.
    var peers: [NodeID] { tracker.members.filter { $0 != id } }
}
