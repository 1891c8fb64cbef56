import KeyValue
import Raft
import Support

/// One member of the store's cluster (issue 19's node): a Raft node, the key-value state
/// machine it applies, its lessor and watch hub, and the client requests waiting for their
/// outcome.
///
/// - A write is proposed and answered when its entry is applied (`ok` or `rejected`).
/// - A linearizable range goes through ReadIndex and is served once its index is applied; a
///   serializable one reads the local state at once.
/// - A request whose outcome the node cannot know (leadership lost with the entry in flight,
///   its entry replaced by another leader's) is answered `unknown`, never guessed.
/// - A follower answers `notLeader` with the leader it knows, and proposes nothing.
/// - Leases expire through the log: only the leader's lessor proposes an expiry, on its own
///   clock; every replica deletes the keys when it applies it.
/// - Watches are served by any member from its applied store (etcd serves them locally).
/// - `handleReady` persists before it sends (the Raft contract: a message may promise what was
///   just written).
public struct StoreNode: Sendable {
    public typealias Output = StoreNodeOutput

    /// A request the node holds until its outcome is known.
    struct Waiting: Sendable {
        var client: Int
        var requestID: UInt64
        var request: Request
        /// The term the entry was proposed in: an entry applied at its index with another term
        /// is not this request.
        var term: UInt64
    }

    /// Requests waiting for their entry, at most (a named bound; beyond it the node refuses).
    public static let waitingWritesMax = 1024
    /// Linearizable reads waiting for their ReadIndex round, at most.
    public static let waitingReadsMax = 1024

    public let id: NodeID
    public internal(set) var raft: RaftNode
    public internal(set) var storage: CrashingMemoryStorage
    public internal(set) var store = KeyValueStore()
    public internal(set) var lessor = Lessor()
    var hub = WatchHub()
    var writes: [UInt64: Waiting] = [:]
    var reads: [UInt64: Waiting] = [:]
    var nextReadContext: UInt64 = 1
    /// Whether this node led at the end of the last handled input (to notice a loss).
    var wasLeader = false
    var leaderTerm: UInt64 = 0
    /// This process's clock (milliseconds, drifting and skewed): the simulator sets it before
    /// every input, as a process reads its own clock. The lessor runs on it.
    public var clockMilliseconds: Int64 = 0
    /// Set by the simulator: the process dies during its next write that must be synced, after
    /// writing some of it and before the sync (a torn write may follow).
    public var crashDuringNextSync = false
    /// The process died in the middle of a write; the simulator takes it down.
    public internal(set) var crashedMidWrite = false

    public init(options: RaftOptions, storage: CrashingMemoryStorage, random: SplitMix64,
                lessor configuration: LessorConfiguration = LessorConfiguration()) throws {
        id = options.id
        self.storage = storage
        lessor = Lessor(configuration: configuration)
        let state = try storage.load()
        raft = try RaftNode(options: options, restoring: state, random: random)
    }

    public var isLeader: Bool { raft.role == .leader }
    public var waitingCount: Int { writes.count + reads.count }

    // MARK: Inputs

    public mutating func tick() -> Output {
        raft.tick()
        var out = Output()
        if isLeader {
            // The leader's lessor proposes expiries and checkpoints on this process's clock; a
            // proposal refused (a transfer under way) is proposed again after its retry time.
            for request in lessor.tick(at: clockMilliseconds) { _ = try? raft.propose(request.encoded) }
        }
        out.absorb(handleReady())
        return out
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

    /// A client's request or watch message.
    public mutating func receive(_ message: ClientMessage, from client: Int) -> Output {
        switch message {
        case .request(let requestID, let request):
            return receive(request, id: requestID, from: client)
        case .watchCreate(let request):
            return Output(watch: hub.create(request, owner: UInt64(client), store: store))
        case .watchCancel(let watchID):
            return Output(watch: hub.cancel(watchID: watchID, owner: UInt64(client), revision: store.revision))
        case .progressRequest:
            return Output(watch: hub.progress(revision: store.revision, owner: UInt64(client)))
        }
    }

    /// The client's connection closed: its watches end here.
    public mutating func disconnect(client: Int) {
        hub.removeOwner(UInt64(client))
    }

    mutating func receive(_ request: Request, id requestID: UInt64, from client: Int) -> Output {
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
        if case .leaseKeepAlive(let lease) = request, lessor.isExpired(lease, at: clockMilliseconds) {
            // Its expiry is on the way (or will be proposed at the next tick): reviving it now
            // would let a holder believe in a lease the leader already gave up.
            out.replies.append((client, .reply(id: requestID, .rejected(.leaseNotFound))))
            return out
        }
        if case .range = request {
            readIndex(waiting, into: &out)
        } else {
            propose(waiting, into: &out)
        }
        out.absorb(handleReady())
        return out
    }

    mutating func readIndex(_ waiting: Waiting, into out: inout Output) {
        guard reads.count < StoreNode.waitingReadsMax else {
            out.replies.append((waiting.client, .reply(id: waiting.requestID, .notLeader(leader: nil))))
            return
        }
        let context = nextReadContext
        nextReadContext += 1
        do {
            try raft.readIndex(context: StoreNode.bytes(context))
            reads[context] = waiting
        } catch {
            out.replies.append((waiting.client, .reply(id: waiting.requestID, .notLeader(leader: raft.leader.map { Int($0.rawValue) }))))
        }
    }

    mutating func propose(_ waiting: Waiting, into out: inout Output) {
        guard writes.count < StoreNode.waitingWritesMax else {
            out.replies.append((waiting.client, .reply(id: waiting.requestID, .notLeader(leader: nil))))
            return
        }
        do {
            let index = try raft.propose(waiting.request.encoded)
            precondition(writes[index] == nil, "two requests proposed at index \(index) in one term")
            writes[index] = waiting
        } catch {
            // Not proposed: the client may send it elsewhere without it happening twice.
            out.replies.append((waiting.client, .reply(id: waiting.requestID, .notLeader(leader: raft.leader.map { Int($0.rawValue) }))))
        }
    }
}
