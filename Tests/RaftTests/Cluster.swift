@testable import Raft
import Support

/// A cluster in one process for scripted tests: nodes, their crash-modelling storages, their state
/// machines, and the messages in flight. Nothing happens unless a test asks: a message is
/// delivered, dropped or duplicated, a node ticks, handles its Ready, crashes or restarts. The
/// safety checker runs after every step the test takes through `step(_:)`.
final class Cluster {
    let ids: [NodeID]
    let seed: UInt64
    private let makeOptions: (NodeID) -> RaftOptions
    /// Nil while a node is down.
    private(set) var nodes: [RaftNode?]
    var storages: [CrashingMemoryStorage]
    private(set) var machines: [AppliedLog]
    /// Messages sent and not yet delivered or dropped.
    var inFlight: [RaftMessage] = []
    /// Nodes in different groups cannot reach each other.
    var group: [NodeID: Int] = [:]
    /// Take a snapshot once this many entries were applied since the last (0: never).
    var snapshotEveryEntries: UInt64 = 0
    var checker = SafetyChecker()
    /// Errors the nodes returned for messages from correct peers (none is expected).
    private(set) var stepErrors: [String] = []
    private(set) var restarts = 0
    /// Read states the nodes handed out, with the applied index at which they were served.
    private(set) var servedReads: [(node: NodeID, state: ReadState, applied: UInt64)] = []
    private(set) var deliveredCount = 0
    private(set) var sentCounts: [MessageKind: Int] = [:]
    private(set) var rejectionCounts: [NodeID: Int] = [:]

    /// AppendEntries rejections a node sent for a failed consistency check.
    func rejections(by id: NodeID) -> Int { rejectionCounts[id] ?? 0 }

    init(size: Int, seed: UInt64, options: @escaping (NodeID) -> RaftOptions) throws {
        ids = nodeIDs(size)
        self.seed = seed
        makeOptions = options
        nodes = try ids.map { id throws in try RaftNode(options: options(id), random: SplitMix64.stream(seed, Int(id.rawValue))) }
        storages = ids.map { _ in CrashingMemoryStorage() }
        machines = ids.map { _ in AppliedLog() }
    }

    /// A cluster of prepared nodes (ids 1...count, in order), each storage holding its node's state.
    init(nodes prepared: [RaftNode], seed: UInt64) throws {
        precondition(prepared.map(\.id) == nodeIDs(prepared.count))
        ids = prepared.map(\.id)
        self.seed = seed
        let optionsByID = Dictionary(uniqueKeysWithValues: prepared.map { ($0.id, $0.options) })
        makeOptions = { optionsByID[$0]! }
        nodes = prepared
        storages = prepared.map { node in
            CrashingMemoryStorage(PersistedState(hardState: node.hardState, snapshot: node.snapshot,
                                                 compacted: node.log.compacted, entries: node.log.entries))
        }
        machines = prepared.map { _ in AppliedLog() }
    }

    convenience init(size: Int, seed: UInt64 = 1, preVote: Bool = true, checkQuorum: Bool = true,
                     configure: @escaping (inout RaftOptions) -> Void = { _ in }) throws {
        try self.init(size: size, seed: seed) { id in
            testOptions(id.rawValue, of: size, preVote: preVote, checkQuorum: checkQuorum, configure: configure)
        }
    }

    func slot(_ id: NodeID) -> Int { Int(id.rawValue) - 1 }
    func node(_ id: NodeID) -> RaftNode? { nodes[slot(id)] }
    func machine(_ id: NodeID) -> AppliedLog { machines[slot(id)] }
    var liveNodes: [RaftNode] { nodes.compactMap { $0 } }
    var violations: [String] { checker.violations + stepErrors }

    /// The leader with the highest term among live nodes, if any.
    var leader: RaftNode? { liveNodes.filter { $0.role == .leader }.max { $0.currentTerm < $1.currentTerm } }

    func mutate<T>(_ id: NodeID, _ body: (inout RaftNode) throws -> T) rethrows -> T? {
        guard var node = nodes[slot(id)] else { return nil }
        defer { nodes[slot(id)] = node }
        return try body(&node)
    }

    func checkSafety() { checker.check(liveNodes) }

    // MARK: Steps

    /// Persists, sends and applies a node's Ready, then advances it.
    func process(_ id: NodeID) {
        let k = slot(id)
        guard var node = nodes[k], node.hasReady else { return }
        let ready = node.ready()
        do { try storages[k].persist(ready) } catch { stepErrors.append("\(id) persist: \(error)"); return }
        for message in ready.messages {
            sentCounts[message.kind, default: 0] += 1
            if case .appendEntriesResponse(let response) = message.content, !response.success, response.rejectedIndex > 0 {
                rejectionCounts[id, default: 0] += 1
            }
        }
        inFlight.append(contentsOf: ready.messages)
        if let snapshot = ready.snapshotToApply {
            machines[k] = AppliedLog(decoding: snapshot.data)
            if machines[k].appliedIndex != snapshot.index { stepErrors.append("\(id): snapshot at \(snapshot.index) holds \(machines[k].appliedIndex)") }
        }
        for entry in ready.committedEntries {
            if entry.index <= machines[k].appliedIndex { continue }
            machines[k].apply(entry)
            checker.recordApplied(entry, by: id)
        }
        for state in ready.readStates { servedReads.append((id, state, machines[k].appliedIndex)) }
        node.advance(ready)
        if snapshotEveryEntries > 0, node.appliedIndex >= (node.snapshot?.index ?? 0) + snapshotEveryEntries {
            do { try node.compact(snapshotData: machines[k].encoded, through: node.appliedIndex) } catch { stepErrors.append("\(id) compact: \(error)") }
        }
        nodes[k] = node
    }

    func processAll() { for id in ids { process(id) } }

    func canReach(_ from: NodeID, _ to: NodeID) -> Bool { (group[from] ?? 0) == (group[to] ?? 0) }

    /// Delivers the in-flight message at `position` (removing it unless `duplicate`).
    func deliver(at position: Int, duplicate: Bool = false) {
        let message = duplicate ? inFlight[position] : inFlight.remove(at: position)
        guard canReach(message.from, message.to), nodes[slot(message.to)] != nil else { return }
        deliveredCount += 1
        mutate(message.to) { node in
            do { try node.step(message) } catch { stepErrors.append("\(message.to) rejected \(message): \(error)") }
        }
    }

    func drop(at position: Int) { inFlight.remove(at: position) }

    func tick(_ id: NodeID) { mutate(id) { $0.tick() } }

    /// Crashes a node: it stops, its storage loses what `random` says of its unsynced writes, its
    /// state machine is gone.
    func crash(_ id: NodeID, using random: inout SplitMix64) {
        let k = slot(id)
        guard nodes[k] != nil else { return }
        do { try storages[k].crash(using: &random) } catch { stepErrors.append("\(id) crash: \(error)") }
        nodes[k] = nil
        machines[k] = AppliedLog()
    }

    /// Power fails while a node writes its Ready: the records reach storage but the sync does not
    /// happen (and no message leaves); then the node crashes, keeping what `random` says of them.
    func crashWhilePersisting(_ id: NodeID, using random: inout SplitMix64) {
        let k = slot(id)
        guard let node = nodes[k] else { return }
        if node.hasReady {
            var unsyncedView = UnsyncedWrites(base: storages[k])
            do { try unsyncedView.persist(node.ready()) } catch { stepErrors.append("\(id) persist: \(error)") }
            storages[k] = unsyncedView.base
        }
        crash(id, using: &random)
    }

    /// Restarts a down node from its storage.
    func restart(_ id: NodeID) {
        let k = slot(id)
        guard nodes[k] == nil else { return }
        restarts += 1
        do {
            let state = try storages[k].load()
            nodes[k] = try RaftNode(options: makeOptions(id), restoring: state,
                                    random: SplitMix64.stream(seed, 1000 * restarts + k))
            checker.forget(id)
        } catch {
            stepErrors.append("\(id) restart: \(error)")
        }
    }

    // MARK: Driving

    /// Delivers every message and handles every Ready until nothing moves (no ticks).
    func stabilize(limit: Int = 10_000) {
        var rounds = 0
        while rounds < limit {
            processAll()
            if inFlight.isEmpty { break }
            while !inFlight.isEmpty && rounds < limit {
                deliver(at: 0)
                rounds += 1
            }
            checkSafety()
        }
        checkSafety()
    }

    /// Ticks every live node once, then stabilizes.
    func tickAll() {
        for id in ids { tick(id) }
        stabilize()
    }

    /// Ticks until some node leads with every live node following it, or `ticks` pass.
    @discardableResult
    func electLeader(ticks: Int = 200) -> RaftNode? {
        // A run that already broke a property stops here: its report is the violation.
        for _ in 0..<ticks where violations.isEmpty {
            stabilize()
            // A leader that reaches a majority, followed by every live node it reaches.
            for leader in liveNodes.filter({ $0.role == .leader && $0.committedEntryInCurrentTerm }) {
                let reachable = liveNodes.filter { canReach($0.id, leader.id) }
                if reachable.count > ids.count / 2 && reachable.allSatisfy({ $0.leader == leader.id && $0.currentTerm == leader.currentTerm }) {
                    return leader
                }
            }
            tickAll()
        }
        return nil
    }

    /// Delivers only the messages `allow` accepts (dropping the others), handling Readies, until
    /// none is in flight.
    func exchange(limit: Int = 1000, allow: (RaftMessage) -> Bool) {
        var rounds = 0
        processAll()
        while !inFlight.isEmpty && rounds < limit {
            let message = inFlight.removeFirst()
            if allow(message) {
                inFlight.insert(message, at: 0)
                deliver(at: 0)
            }
            processAll()
            checkSafety()
            rounds += 1
        }
    }

    /// Makes `id` campaign (a test's "campaign n") and stabilizes.
    func campaign(_ id: NodeID) {
        mutate(id) { $0.campaign() }
        stabilize()
    }

    /// Proposes at the current leader and stabilizes; returns the entry's index.
    @discardableResult
    func propose(_ data: [UInt8]) -> UInt64? {
        guard let leader else { return nil }
        let index = mutate(leader.id) { try? $0.propose(data) } ?? nil
        stabilize()
        return index
    }
}

/// A storage that passes writes through but drops the sync: the records of a Ready reach the
/// storage's unsynced tail, as when power fails before the sync.
struct UnsyncedWrites: RaftStorage {
    var base: CrashingMemoryStorage
    mutating func saveSnapshot(_ snapshot: Snapshot) throws { try base.saveSnapshot(snapshot) }
    mutating func append(_ entries: [LogEntry]) throws { try base.append(entries) }
    mutating func saveHardState(_ state: HardState) throws { try base.saveHardState(state) }
    mutating func compact(through position: LogPosition) throws { try base.compact(through: position) }
    mutating func sync() throws {}
    func load() throws -> PersistedState { try base.load() }
}
