import Durability
import Foundation
import Testing

/// The bytes a record's frame takes: a 24-byte header, the payload, zero padding to 8 (the
/// format `RecordFrame` documents).
func frameBytes(_ payload: Int) -> UInt64 { UInt64((24 + payload + 7) / 8 * 8) }

/// A simulated disk with a root directory, the data directory to go inside it.
func memoryDisk() -> MemoryFileIO {
    let disk = MemoryFileIO()
    try! disk.createDirectory("/disk")
    return disk
}

let memoryPath = "/disk/node"

@Suite("Write-ahead log")
struct WriteAheadLogTests {
    @Test("replays exactly what was appended, in order, across segments cut at their last record")
    func roundTripOnDisk() throws {
        let temporary = try TemporaryDirectory("round-trip")
        defer { temporary.remove() }
        let path = temporary.child("node")
        let script = LogScript(count: 60, syncAfter: [60], seed: 7, payloadBytesMax: 200)
        let (log, fresh) = try openLog(path, io: PosixFileIO())
        #expect(fresh.isEmpty)
        let outcome = try script.run(on: log)
        let segmentPaths = log.segmentPaths
        try log.close()

        let (reopened, records) = try openLog(path, io: PosixFileIO())
        #expect(records.map { LogScript.Appended(kind: $0.kind, payload: $0.payload, position: $0.position) } == outcome.appended)
        #expect(records.map(\.position.index) == Array(0..<60))
        #expect(reopened.recovery.tornTail == nil)
        #expect(reopened.recovery.records == 60)
        // One segment per distinct segment number the positions name, numbered from 0.
        let segmentNumbers = Array(Set(outcome.appended.map(\.position.segment))).sorted()
        #expect(segmentNumbers == Array(0..<UInt64(segmentPaths.count)))
        #expect(segmentPaths.count > 3, "the script spans several segments")
        #expect(reopened.segmentPaths == segmentPaths)
        for (number, segmentPath) in segmentPaths.enumerated() {
            let size = try #require(try FileManager.default.attributesOfItem(atPath: segmentPath)[.size] as? Int)
            let inSegment = outcome.appended.filter { $0.position.segment == UInt64(number) }
            let last = try #require(inSegment.last)
            if number < segmentPaths.count - 1 {
                // An earlier segment ends at its last record, and the next one would not fit.
                #expect(UInt64(size) == last.position.offset + frameBytes(last.payload.count))
                let next = outcome.appended.first { $0.position.segment == UInt64(number + 1) }!
                #expect(UInt64(size) + frameBytes(next.payload.count) > smallSegments.segmentBytesMax)
            } else {
                #expect(UInt64(size) == smallSegments.segmentBytesMax, "the last segment stays preallocated")
            }
            #expect(inSegment.first!.position.offset == 64, "records start after the 64-byte header")
        }
    }

    @Test("continues the indices after recovery, in the same segment")
    func appendAfterRecovery() throws {
        let disk = memoryDisk()
        let (log, _) = try openLog(memoryPath, io: disk)
        let first = try log.append(kind: 1, payload: [1, 2, 3])
        try log.close()
        let (reopened, records) = try openLog(memoryPath, io: disk)
        #expect(records.count == 1)
        let second = try reopened.append(kind: 2, payload: [4])
        #expect(second == WALPosition(index: 1, segment: 0, offset: first.offset + frameBytes(3)))
        try reopened.sync()
        let (_, again) = try openLog(memoryPath, io: disk)
        #expect(again.map(\.payload) == [[1, 2, 3], [4]])
    }

    @Test("group commit: 256 appends take one data sync, and a sync with nothing new takes none")
    func groupCommit() throws {
        let disk = memoryDisk()
        let (log, _) = try openLog(memoryPath, io: disk, options: WALOptions(segmentBytesMax: 1 << 20, recordPayloadBytesMax: 1024, writeBufferBytesMax: 1 << 16))
        let before = disk.syncCount
        for number in 0..<256 { try log.append(kind: 9, payload: [UInt8](repeating: UInt8(number & 0xFF), count: 128)) }
        #expect(disk.syncCount == before, "appending does not sync")
        try log.sync()
        #expect(disk.syncCount == before + 1)
        try log.sync()
        #expect(disk.syncCount == before + 1)
        #expect(log.syncedEndIndex == 256)
    }

    @Test("records in the write buffer or written but unsynced are lost by a crash; synced ones are not")
    func crashLosesOnlyUnsynced() throws {
        let disk = memoryDisk()
        let options = WALOptions(segmentBytesMax: 1 << 16, recordPayloadBytesMax: 200, writeBufferBytesMax: 256)
        let (log, _) = try openLog(memoryPath, io: disk, options: options)
        for number in 0..<5 { try log.append(kind: 1, payload: [UInt8(number)]) }
        try log.sync()
        // 32-byte frames: the ninth fills the 256-byte buffer and is written, unsynced.
        for number in 5..<20 { try log.append(kind: 1, payload: [UInt8(number)]) }
        disk.crash()
        let (_, records) = try openLog(memoryPath, io: disk, options: options)
        #expect(records.map(\.payload) == (0..<5).map { [UInt8($0)] })
    }

    @Test("rotate starts a new segment only after a record, and compaction removes whole segments before a position")
    func rotateAndCompact() throws {
        let disk = memoryDisk()
        let (log, _) = try openLog(memoryPath, io: disk)
        let outcome = try LogScript(count: 40, syncAfter: [40], seed: 11, payloadBytesMax: 200).run(on: log)
        let rotated = try log.rotate()
        #expect(rotated == WALPosition(index: 40, segment: outcome.appended.last!.position.segment + 1, offset: 64))
        #expect(try log.rotate() == rotated, "an empty segment is not rotated again")
        let target = outcome.appended[25].position
        let segmentsBefore = log.segmentPaths
        let removed = try log.compact(before: target)
        // Every segment wholly before record 25 goes; the one holding it stays.
        let firstKept = outcome.appended.first { $0.position.segment == target.segment }!.position.index
        #expect(log.firstIndex == firstKept)
        #expect(removed == Int(target.segment))
        #expect(log.segmentPaths == Array(segmentsBefore.dropFirst(removed)))
        #expect(try disk.entries(ofDirectory: memoryPath)!.filter { $0.hasSuffix(".wal") }.count == segmentsBefore.count - removed)
        try log.append(kind: 3, payload: [40])
        try log.sync()
        disk.crash()
        let (reopened, records) = try openLog(memoryPath, io: disk)
        #expect(reopened.recovery.firstIndex == firstKept)
        #expect(records.map(\.position.index) == Array(firstKept...40))
        #expect(records.dropLast().map(\.payload) == outcome.appended[Int(firstKept)...].map(\.payload))
        let segmentCount = reopened.segmentPaths.count
        #expect(try reopened.compact(before: WALPosition(index: 41, segment: 0, offset: 0)) == segmentCount - 1)
        #expect(reopened.segmentPaths.count == 1, "compaction never removes the current segment")
    }

    @Test("a record over the limit is refused, naming the segment and offset, and the log stays usable")
    func recordTooLarge() throws {
        let disk = memoryDisk()
        let (log, _) = try openLog(memoryPath, io: disk)
        let error = try expectFailure { () throws(DurabilityError) in try log.append(kind: 1, payload: [UInt8](repeating: 1, count: 201)) }
        #expect(error.kind == .tooLarge(bytes: 201, limit: 200))
        #expect(error.description == "/disk/node/0000000000000000-0000000000000000.wal: byte offset 64: 201 bytes exceed the limit of 200 bytes")
        #expect(try log.append(kind: 1, payload: [1]).index == 0)
    }

    @Test("a closed log refuses appends")
    func closedLog() throws {
        let disk = memoryDisk()
        let (log, _) = try openLog(memoryPath, io: disk)
        try log.close()
        let error = try expectFailure { () throws(DurabilityError) in try log.append(kind: 1, payload: []) }
        #expect(error.kind == .unusable("the log was closed"))
    }
}
