import KeyValue
import Raft
import Support

/// One member of the store's cluster (issue 19's node): a Raft node, the key-value state
/// machine it applies, and the client requests waiting for their outcome.
///
/// - A write is proposed and answered when its entry is applied (`ok` or `rejected`).
/// - A linearizable range goes through ReadIndex and is served once its index is applied; a
///   serializable one reads the local state at once.
/// - A request whose outcome the node cannot know (leadership lost with the entry in flight,
///   its entry replaced by another leader's) is answered `unknown`, never guessed.
/// - A follower answers `notLeader` with the leader it knows, and proposes nothing.
/// - `handleReady` persists before it sends (the Raft contract: a message may promise what was
///   just written).
public struct StoreNode: Sendable {
    /// A request the node holds until its outcome is known.
    struct Waiting: Sendable {
        var client: Int
        var requestID: UInt64
        var request: Request
        /// The term the entry was proposed in: an entry applied at its index with another term
        /// is not this request.
        var term: UInt64
    }

    /// What one handled Ready produced, for the simulator to deliver and audit.
    public struct Output: Sendable {
        public var messages: [RaftMessage] = []
        public var replies: [(client: Int, NodeMessage)] = []
        /// (index, term, digest) of each applied entry, in order.
        public var applied: [(index: UInt64, term: UInt64, digest: UInt64)] = []
        /// Writes answered `ok`: the index of their entry and its digest.
        public var acknowledged: [(index: UInt64, digest: UInt64)] = []
        /// What each applied request did (its events and lease changes), for a lessor and a watch hub.
        public var results: [(index: UInt64, result: ApplyResult)] = []
    }

    /// Requests waiting for their entry, at most (a named bound; beyond it the node refuses).
    public static let waitingWritesMax = 1024
    /// Linearizable reads waiting for their ReadIndex round, at most.
    public static let waitingReadsMax = 1024

    public let id: NodeID
    public private(set) var raft: RaftNode
    public private(set) var storage: CrashingMemoryStorage
    public private(set) var store = KeyValueStore()
    var writes: [UInt64: Waiting] = [:]
    var reads: [UInt64: Waiting] = [:]
    var nextReadContext: UInt64 = 1
    /// Whether this node led at the end of the last handled input (to notice a loss).
    var wasLeader = false
    var leaderTerm: UInt64 = 0

    public init(options: RaftOptions, storage: CrashingMemoryStorage, random: SplitMix64) throws {
        id = options.id
        self.storage = storage
        let state = try storage.load()
        raft = try RaftNode(options: options, restoring: state, random: random)
    }

    public var isLeader: Bool { raft.role == .leader }
    public var waitingCount: Int { writes.count + reads.count }

    // MARK: Inputs

    public mutating func tick() -> Output {
        raft.tick()
        return handleReady()
    }

    /// A peer's message; a malformed or misaddressed one is dropped (and counted by the caller).
    public mutating func step(_ message: RaftMessage) -> (Output, RaftError?) {
        do {
            try raft.step(message)
        } catch {
            return (handleReady(), error)
        }
        return (handleReady(), nil)
    }

    /// A client's request.
    public mutating func receive(_ message: ClientMessage, from client: Int) -> Output {
        guard case .request(let requestID, let request) = message else {
            // Watches are not served in this slice: say so rather than ignore it.
            return Output(replies: [])
        }
        var out = Output()
        guard isLeader else {
            out.replies.append((client, .reply(id: requestID, .notLeader(leader: raft.leader.map { Int($0.rawValue) }))))
            return out
        }
        let waiting = Waiting(client: client, requestID: requestID, request: request, term: raft.currentTerm)
        if case .range(let range) = request, range.serializable {
            out.replies.append((client, .reply(id: requestID, StoreNode.reply(store.read(range).map(Response.range)))))
            return out
        }
        if case .range = request {
            guard reads.count < StoreNode.waitingReadsMax else {
                out.replies.append((client, .reply(id: requestID, .notLeader(leader: nil))))
                return out
            }
            let context = nextReadContext
            nextReadContext += 1
            do {
                try raft.readIndex(context: StoreNode.bytes(context))
                reads[context] = waiting
            } catch {
                out.replies.append((client, .reply(id: requestID, .notLeader(leader: raft.leader.map { Int($0.rawValue) }))))
            }
        } else {
            guard writes.count < StoreNode.waitingWritesMax else {
                out.replies.append((client, .reply(id: requestID, .notLeader(leader: nil))))
                return out
            }
            do {
                let index = try raft.propose(request.encoded)
                precondition(writes[index] == nil, "two requests proposed at index \(index) in one term")
                writes[index] = waiting
            } catch {
                // Not proposed: the client may send it elsewhere without it happening twice.
                out.replies.append((client, .reply(id: requestID, .notLeader(leader: raft.leader.map { Int($0.rawValue) }))))
            }
        }
        let more = handleReady()
        out.messages += more.messages
        out.replies += more.replies
        out.applied += more.applied
        out.acknowledged += more.acknowledged
        out.results += more.results
        return out
    }

    // MARK: Ready

    /// Persist, send, apply, serve reads, in the order `Ready` prescribes.
    mutating func handleReady() -> Output {
        var out = Output()
        while raft.hasReady {
            let ready = raft.ready()
            do {
                try storage.persist(ready)
            } catch {
                // The simulated disk never fails writes (failWrites stays off); a failure here is
                // a bug in the storage, not a fault to survive.
                preconditionFailure("persist failed on \(id): \(error)")
            }
            out.messages += ready.messages
            precondition(ready.snapshotToApply == nil, "the simulation never compacts, so no snapshot reaches \(id)")
            for entry in ready.committedEntries { apply(entry, into: &out) }
            for state in ready.readStates { serve(state, into: &out) }
            raft.advance(ready)
        }
        noticeLeadership(into: &out)
        return out
    }

    mutating func apply(_ entry: LogEntry, into out: inout Output) {
        var hasher = StableHasher()
        hasher.combine(entry.term)
        hasher.combine(StableHash.of(entry.data))
        var result: ApplyResult?
        if !entry.data.isEmpty {
            do {
                let request = try Request(decoding: entry.data)
                let applied = store.apply(request)
                result = applied
                out.results.append((entry.index, applied))
            } catch {
                // Only this node proposes the bytes; an undecodable entry is a codec bug.
                preconditionFailure("entry \(entry.index) on \(id) does not decode: \(error)")
            }
        }
        hasher.combine(Int(store.revision))
        let digest = hasher.finalized
        out.applied.append((entry.index, entry.term, digest))
        guard let waiting = writes.removeValue(forKey: entry.index) else { return }
        guard waiting.term == entry.term, let result else {
            // Another leader's entry took the index: ours was dropped, but the client cannot
            // tell that apart from a late apply elsewhere, so it is told "unknown".
            out.replies.append((waiting.client, .reply(id: waiting.requestID, .unknown)))
            return
        }
        if result.error == nil { out.acknowledged.append((entry.index, digest)) }
        out.replies.append((waiting.client, .reply(id: waiting.requestID, StoreNode.reply(result.result))))
    }

    mutating func serve(_ state: ReadState, into out: inout Output) {
        guard let context = StoreNode.number(state.context), let waiting = reads.removeValue(forKey: context) else { return }
        precondition(raft.appliedIndex >= state.readIndex, "read served before its index was applied")
        guard case .range(let range) = waiting.request else { preconditionFailure("a read that is not a range") }
        out.replies.append((waiting.client, .reply(id: waiting.requestID, StoreNode.reply(store.read(range).map(Response.range)))))
    }

    /// Leadership lost (or a new term): every waiting request's outcome is unknown.
    mutating func noticeLeadership(into out: inout Output) {
        let leads = isLeader
        if wasLeader && (!leads || raft.currentTerm != leaderTerm) {
            for index in writes.keys.sorted() {
                let waiting = writes[index]!
                out.replies.append((waiting.client, .reply(id: waiting.requestID, .unknown)))
            }
            for context in reads.keys.sorted() {
                let waiting = reads[context]!
                out.replies.append((waiting.client, .reply(id: waiting.requestID, .unknown)))
            }
            writes.removeAll()
            reads.removeAll()
        }
        wasLeader = leads
        leaderTerm = raft.currentTerm
    }

    // MARK: Crash

    /// The process dies: unsynced writes are lost as the generator picks (a torn tail
    /// included), and a new process starts from what the disk kept, with an empty store that
    /// the committed entries rebuild. Returns whether the crash tore an entries record.
    public mutating func crashAndRestart(crashRandom: inout SplitMix64, raftRandom: SplitMix64) throws -> Bool {
        // The draws of `CrashingMemoryStorage.crash(using:)`, made here so that the caller
        // learns whether the crash tore a record (the fault counters report it).
        let unsynced = storage.unsynced
        var torn = false
        if unsynced.isEmpty || crashRandom.chance(50) {
            try storage.crash(keeping: 0)
        } else {
            let keeping = crashRandom.below(unsynced.count + 1)
            let tornEntries = crashRandom.chance(50) ? crashRandom.below(8) : nil
            if let tornEntries, tornEntries > 0, keeping < unsynced.count, case .entries(let entries) = unsynced[keeping], entries.count > 1 {
                torn = true
            }
            try storage.crash(keeping: keeping, tornEntries: tornEntries)
        }
        self = try StoreNode(options: raft.options, storage: storage, random: raftRandom)
        return torn
    }

    // MARK: Helpers

    static func reply(_ result: Result<Response, StoreError>) -> Reply {
        switch result {
        case .success(let response): return .ok(response)
        case .failure(let error): return .rejected(error)
        }
    }

    static func bytes(_ number: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: number >> (8 * $0)) } }

    static func number(_ bytes: [UInt8]) -> UInt64? {
        guard bytes.count == 8 else { return nil }
        return bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }
}
