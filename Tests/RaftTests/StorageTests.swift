import Testing
@testable import Raft
import Support

/// The storage records' replay semantics and the crash-modelling storage.
@Suite("Storage")
struct StorageTests {
    func entries(_ terms: [UInt64], from first: UInt64 = 1) -> [LogEntry] {
        terms.enumerated().map { LogEntry(term: $0.element, index: first + UInt64($0.offset), data: [UInt8($0.offset)]) }
    }

    @Test("replaying records: a later entry at an index supersedes it and everything after it")
    func entriesSupersede() throws {
        var storage = MemoryStorage()
        try storage.append(entries([1, 1, 1]))
        try storage.append(entries([2], from: 2))
        try storage.saveHardState(HardState(currentTerm: 2, votedFor: NodeID(1), commitIndex: 1))
        let state = try storage.load()
        #expect(state.entries.map(\.term) == [1, 2])
        #expect(state.hardState == HardState(currentTerm: 2, votedFor: NodeID(1), commitIndex: 1))
        #expect(throws: StorageError.self) { try storage.append(entries([2], from: 9)) }
    }

    @Test("a snapshot the log holds keeps the log; one it does not hold replaces it; compaction drops covered entries")
    func snapshotRecords() throws {
        var storage = MemoryStorage()
        try storage.append(entries([1, 1, 2, 2]))
        let members = nodeIDs(3)
        try storage.saveSnapshot(Snapshot(metadata: SnapshotMetadata(position: LogPosition(index: 3, term: 2), members: members), data: [9]))
        #expect(try storage.load().entries.count == 4)
        try storage.compact(through: LogPosition(index: 2, term: 1))
        #expect(try storage.load().compacted == LogPosition(index: 2, term: 1))
        #expect(try storage.load().entries.map(\.index) == [3, 4])
        try storage.saveSnapshot(Snapshot(metadata: SnapshotMetadata(position: LogPosition(index: 9, term: 5), members: members), data: [8]))
        let replaced = try storage.load()
        #expect(replaced.entries.isEmpty && replaced.compacted == LogPosition(index: 9, term: 5))
        #expect(throws: StorageError.self) { try storage.compact(through: LogPosition(index: 12, term: 5)) }
    }

    @Test("a crash keeps every synced write and loses the unsynced ones")
    func crashLosesUnsynced() throws {
        var storage = CrashingMemoryStorage()
        try storage.append(entries([1, 1]))
        try storage.saveHardState(HardState(currentTerm: 1, commitIndex: 1))
        try storage.sync()
        try storage.append(entries([1, 1], from: 3))
        try storage.saveHardState(HardState(currentTerm: 2, votedFor: NodeID(3)))
        #expect(try storage.load().entries.count == 4, "the live view holds everything written")
        try storage.crash(keeping: 0)
        let state = try storage.load()
        #expect(state.entries.count == 2)
        #expect(state.hardState == HardState(currentTerm: 1, commitIndex: 1))
    }

    @Test("a torn write keeps a prefix of the last surviving record's entries, never a later record", arguments: 0..<4)
    func tornWrite(torn: Int) throws {
        var storage = CrashingMemoryStorage()
        try storage.sync()
        try storage.append(entries([1, 1, 1, 1]))
        try storage.saveHardState(HardState(currentTerm: 1, commitIndex: 4))
        try storage.crash(keeping: 0, tornEntries: torn)
        let state = try storage.load()
        #expect(state.entries.count == min(torn, 3), "a strict prefix of the torn record survives")
        #expect(state.hardState == .initial, "nothing after the torn record survives")
    }

    @Test("a crash at a seeded point leaves a prefix of the writes that includes every synced one", arguments: UInt64(0)..<40)
    func seededCrashIsPrefix(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var storage = CrashingMemoryStorage()
        var written: [[LogEntry]] = []
        var synced = 0
        for k in 0..<8 {
            let batch = entries([1, 1, 1], from: UInt64(3 * k + 1))
            try storage.append(batch)
            written.append(batch)
            if random.chance(30) {
                try storage.sync()
                synced = written.count
            }
        }
        try storage.crash(using: &random)
        let survived = try storage.load().entries
        let all = written.flatMap { $0 }
        #expect(survived == Array(all.prefix(survived.count)), "a prefix of what was written")
        #expect(survived.count >= 3 * synced, "everything synced survives")
    }

    @Test("a node restarted with entries of a term whose hard state record was lost enters that term without a vote")
    func entriesAheadOfHardState() throws {
        let state = PersistedState(hardState: HardState(currentTerm: 2, votedFor: NodeID(2)), entries: [LogEntry(term: 3, index: 1)])
        let node = try RaftNode(options: testOptions(1, of: 3), restoring: state, random: SplitMix64(seed: 1))
        #expect(node.currentTerm == 3)
        #expect(node.votedFor == nil)
        #expect(node.ready().hardState == HardState(currentTerm: 3, votedFor: nil, commitIndex: 0))
    }

    @Test("a storage whose writes fail reports it, and the node is not advanced past it")
    func failedWrites() throws {
        var storage = CrashingMemoryStorage()
        storage.failWrites = true
        var node = try makeNode(1, of: 3)
        node.campaign()
        let ready = node.ready()
        #expect(throws: StorageError.writeFailed("no space left on the simulated device")) { try storage.persist(ready) }
        #expect(node.hasReady, "the caller did not advance: the vote is still to be persisted")
    }

    @Test("persisting a Ready writes snapshot, entries, hard state and compaction in that order and syncs when required")
    func persistOrder() throws {
        var leader = try node(in: .leader, of: 1) { $0.compactionRetainedEntries = 1 }
        for k in 0..<4 { try leader.propose([UInt8(k)]) }
        leader.advanceAll()
        try leader.compact(snapshotData: [1], through: 4)
        try leader.propose([9])
        var storage = RecordingStorage()
        try storage.persist(leader.ready())
        #expect(storage.operations == ["snapshot 4", "entries 6...6", "compaction 3", "sync"])
        leader.takeReady()
        leader.advanceAll()
        // A Ready that only raises the commit index writes the hard state and needs no sync.
        try leader.propose([10])
        let ready = leader.takeReady()
        storage.operations = []
        try storage.persist(leader.ready())
        #expect(ready.mustSync && !leader.ready().mustSync)
        #expect(storage.operations == ["hard state commit 7"])
    }
}

/// A storage that records what it is asked to do, in order.
struct RecordingStorage: RaftStorage {
    var operations: [String] = []
    mutating func saveSnapshot(_ snapshot: Snapshot) throws { operations.append("snapshot \(snapshot.index)") }
    mutating func append(_ entries: [LogEntry]) throws { operations.append("entries \(entries.first!.index)...\(entries.last!.index)") }
    mutating func saveHardState(_ state: HardState) throws { operations.append("hard state commit \(state.commitIndex)") }
    mutating func compact(through position: LogPosition) throws { operations.append("compaction \(position.index)") }
    mutating func sync() throws { operations.append("sync") }
    func load() throws -> PersistedState { PersistedState() }
}
