import Durability
import Raft
import RaftFileStorage
import Support
import Testing

let identity = StorageIdentity(clusterID: 0xC1, directoryID: 0xD1)
let path = "/disk/node"
/// Small segments so that a few hundred entries span several of them.
let small = WALOptions(segmentBytesMax: 4096, recordPayloadBytesMax: 1024, writeBufferBytesMax: 0)

func disk() -> MemoryFileIO {
    let disk = MemoryFileIO()
    try! disk.createDirectory("/disk")
    return disk
}

func open(_ disk: MemoryFileIO) throws -> FileRaftStorage {
    try FileRaftStorage.open(path, identity: identity, io: disk, options: small)
}

/// A one-member cluster driven through its Readies, persisting each in `storage`.
func drive(_ node: inout RaftNode, _ storage: FileRaftStorage, proposals: Int, compactEvery: Int = 0) throws {
    var storage = storage
    var applied: UInt64 = 0
    func handle(_ node: inout RaftNode) throws {
        while node.hasReady {
            let ready = node.ready()
            try storage.persist(ready)
            applied = ready.committedEntries.last?.index ?? applied
            node.advance(ready)
        }
    }
    node.campaign()
    try handle(&node)
    #expect(node.softState.role == .leader)
    for number in 0..<proposals {
        _ = try node.propose([UInt8(truncatingIfNeeded: number), 7])
        try handle(&node)
        if compactEvery > 0 && number % compactEvery == compactEvery - 1 {
            try node.compact(snapshotData: [UInt8(truncatingIfNeeded: applied)], through: applied)
            try handle(&node)
        }
    }
}

func options() -> RaftOptions {
    var options = RaftOptions(id: 1, members: [1])
    options.compactionRetainedEntries = 5
    return options
}

@Suite("File Raft storage")
struct FileRaftStorageTests {
    @Test("a node's persisted Readies survive a reopen, and a node restarted from them has the same term, vote and log")
    func restartFromFile() throws {
        let disk = disk()
        let storage = try open(disk)
        var node = try RaftNode(options: options(), random: SplitMix64(seed: 1))
        try drive(&node, storage, proposals: 60)
        let before = try storage.load()
        #expect(before.entries.count == 61)
        #expect(storage.log.segmentPaths.count > 1)
        disk.crash()
        let reopened = try open(disk)
        let after = try reopened.load()
        #expect(after.entries == before.entries)
        // The last commit index alone needs no sync, so the crash lost it: commit 60 survived.
        #expect(after.hardState == HardState(currentTerm: 1, votedFor: 1, commitIndex: 60))
        let restarted = try RaftNode(options: options(), restoring: after, random: SplitMix64(seed: 2))
        #expect(restarted.hardState.currentTerm == node.hardState.currentTerm)
        #expect(after.hardState.votedFor == NodeID(1))
        #expect(restarted.commitIndex == node.commitIndex - 1)
        // The restarted node hands back the committed log for the application to replay.
        #expect(restarted.ready().committedEntries == Array(before.entries.prefix(60)))
    }

    @Test("compaction then a crash restores the snapshot and the tail; old segments and snapshots are gone")
    func compactionThenReopen() throws {
        let disk = disk()
        let storage = try open(disk)
        var node = try RaftNode(options: options(), random: SplitMix64(seed: 3))
        try drive(&node, storage, proposals: 80, compactEvery: 25)
        let before = try storage.load()
        let snapshot = try #require(before.snapshot)
        #expect(snapshot.index == 76)
        #expect(before.compacted.index == 71)
        #expect(before.entries.map(\.index) == Array(72...81))
        #expect(try storage.snapshots.labels() == [76])
        #expect(storage.log.firstIndex > 0)
        disk.crash()
        let after = try open(disk).load()
        #expect(after.snapshot == before.snapshot && after.compacted == before.compacted && after.entries == before.entries)
        // The last commit index alone needs no sync, so the crash lost it: commit 80 survived.
        #expect(after.hardState == HardState(currentTerm: 1, votedFor: 1, commitIndex: 80))
        let restarted = try RaftNode(options: options(), restoring: after, random: SplitMix64(seed: 4))
        let ready = restarted.ready()
        #expect(ready.snapshotToApply == snapshot)
        #expect(ready.committedEntries.map(\.index) == Array(77...80))
    }

    @Test("unsynced writes are lost in a crash, synced ones never")
    func unsyncedLost() throws {
        let disk = disk()
        var storage = try open(disk)
        let synced = (1...5).map { LogEntry(term: 1, index: $0, data: [UInt8($0)]) }
        try storage.append(synced)
        try storage.saveHardState(HardState(currentTerm: 1, votedFor: 1, commitIndex: 3))
        try storage.sync()
        try storage.append([LogEntry(term: 2, index: 4, data: [44])])
        try storage.saveHardState(HardState(currentTerm: 2, votedFor: nil, commitIndex: 3))
        #expect(try storage.load().entries.map(\.term) == [1, 1, 1, 2])
        disk.crash()
        storage = try open(disk)
        let after = try storage.load()
        #expect(after.entries == synced)
        #expect(after.hardState == HardState(currentTerm: 1, votedFor: 1, commitIndex: 3))
        // Now the superseding write, synced: the later entry at index 4 drops 4 and 5.
        try storage.append([LogEntry(term: 2, index: 4, data: [44])])
        try storage.sync()
        disk.crash()
        #expect(try open(disk).load().entries.map(\.term) == [1, 1, 1, 2])
    }

    @Test("a corrupt record in an earlier segment refuses to open, naming the file and offset")
    func corruptEarlierSegment() throws {
        let disk = disk()
        let storage = try open(disk)
        var node = try RaftNode(options: options(), random: SplitMix64(seed: 5))
        try drive(&node, storage, proposals: 60)
        let first = storage.log.segmentPaths[0]
        var bytes = try #require(disk.contents(of: first))
        // The first record starts right after the 64-byte segment header; damage its payload.
        let recordOffset = 64
        bytes[recordOffset + 2] ^= 0x10
        disk.setContents(of: first, to: bytes)
        let error = try #require(throws: DurabilityError.self) { try open(disk) }
        #expect(error.file == first)
        #expect(error.offset == UInt64(recordOffset))
        #expect(error.description.hasPrefix("\(first): byte offset \(recordOffset): corruption: "))
        #expect(!error.description.contains("\n"))
    }

    @Test("a full disk gives a one-line error naming the segment; what was synced survives")
    func fullDisk() throws {
        let disk = disk()
        var storage = try open(disk)
        try storage.append([LogEntry(term: 1, index: 1, data: [1])])
        try storage.sync()
        disk.failAllWrites = true
        // The log writes each record as it is appended (no write buffer in these options).
        let error = try #require(throws: DurabilityError.self) { try storage.append([LogEntry(term: 1, index: 2, data: [2])]) }
        #expect(error.kind == .noSpace(operation: "write"))
        #expect(error.file == storage.log.segmentPaths.last!)
        #expect(error.description == "\(error.file): byte offset \(error.offset!): write failed: no space left on device (ENOSPC); nothing was overwritten")
        disk.failAllWrites = false
        disk.crash()
        #expect(try open(disk).load().entries.map(\.index) == [1])
    }

    @Test("a record whose content does not decode is refused with its file and offset")
    func malformedPayload() throws {
        let disk = disk()
        let directory = try DataDirectory.open(path, identity: identity, io: disk)
        let log = try WriteAheadLog.open(directory, options: small) { _ in }
        // A hard-state record (kind 1) two bytes short.
        let position = try log.append(kind: 1, payload: [UInt8](repeating: 0, count: 22))
        try log.close()
        let error = try #require(throws: DurabilityError.self) { try open(disk) }
        #expect(error.offset == position.offset)
        #expect(error.file == log.segmentPaths[0])
        guard case .invalidRecord(let reason) = error.kind else { Issue.record("got \(error)"); return }
        #expect(reason.contains("commit index needs 8 bytes"))
    }
}
