import Durability
import Foundation
import Support
import Testing

/// Damage that a crash cannot explain: recovery must refuse, naming the file and offset.
@Suite("Corruption")
struct CorruptionTests {
    /// A synced log of several segments on a simulated disk, and where its records are.
    struct Fixture {
        let disk: MemoryFileIO
        let appended: [LogScript.Appended]
        let segmentPaths: [String]

        init(seed: UInt64 = 21) throws {
            disk = memoryDisk()
            let (log, _) = try openLog(memoryPath, io: disk)
            appended = try LogScript(count: 40, syncAfter: [40], seed: seed, payloadBytesMax: 200).run(on: log).appended
            segmentPaths = log.segmentPaths
            #expect(segmentPaths.count >= 4)
        }

        func records(inSegment number: Int) -> [LogScript.Appended] {
            appended.filter { $0.position.segment == UInt64(number) }
        }

        /// A copy of the disk with one bit of `path` flipped.
        func flipping(_ path: String, byte: Int, bit: Int) -> MemoryFileIO {
            let copy = disk.copy()
            var bytes = copy.contents(of: path)!
            bytes[byte] ^= UInt8(1) << UInt8(bit)
            copy.setContents(of: path, to: bytes)
            return copy
        }
    }

    @Test("one flipped bit in any record of an earlier segment is refused, naming the segment and the record's offset")
    func bitFlipInEarlierSegment() throws {
        let fixture = try Fixture()
        var random = SplitMix64(seed: 99)
        var checked = 0
        for segment in 0..<fixture.segmentPaths.count - 1 {
            for record in fixture.records(inSegment: segment) {
                // One seeded bit anywhere in the frame: header, payload or padding.
                let frame = Int(frameBytes(record.payload.count))
                let byte = Int(record.position.offset) + random.below(frame)
                let disk = fixture.flipping(fixture.segmentPaths[segment], byte: byte, bit: random.below(8))
                let error = try expectFailure { () throws(DurabilityError) in try openLog(memoryPath, io: disk) }
                #expect(error.file == fixture.segmentPaths[segment])
                #expect(error.offset == record.position.offset)
                guard case .corruption(let what) = error.kind else {
                    Issue.record("expected corruption, got \(error)")
                    continue
                }
                #expect(what.contains("not the last"))
                #expect(error.description.hasPrefix("\(fixture.segmentPaths[segment]): byte offset \(record.position.offset): corruption: "))
                checked += 1
            }
        }
        #expect(checked == fixture.appended.count - fixture.records(inSegment: fixture.segmentPaths.count - 1).count)
    }

    @Test("every bit of one record's frame, flipped, is detected")
    func everyBitOfAFrame() throws {
        let fixture = try Fixture()
        let record = fixture.records(inSegment: 0)[1]
        let start = Int(record.position.offset)
        for byte in start..<start + Int(frameBytes(record.payload.count)) {
            for bit in 0..<8 {
                let disk = fixture.flipping(fixture.segmentPaths[0], byte: byte, bit: bit)
                let error = try expectFailure { () throws(DurabilityError) in try openLog(memoryPath, io: disk) }
                #expect(error.offset == record.position.offset, "byte \(byte), bit \(bit)")
            }
        }
    }

    /// In the last segment a damaged record is corruption when a valid record follows it; the
    /// last record alone damaged is indistinguishable from a torn write of it, so it is cut off
    /// and reported (`recovery.tornTail`), as etcd's WAL does.
    @Test("a flipped bit in the last segment followed by valid records is refused; in its last record it is a torn tail")
    func bitFlipInLastSegment() throws {
        let fixture = try Fixture()
        let lastPath = fixture.segmentPaths.last!
        let inLast = fixture.records(inSegment: fixture.segmentPaths.count - 1)
        #expect(inLast.count >= 2)
        var random = SplitMix64(seed: 98)
        for (number, record) in inLast.enumerated() {
            let byte = Int(record.position.offset) + random.below(Int(frameBytes(record.payload.count)))
            let disk = fixture.flipping(lastPath, byte: byte, bit: random.below(8))
            if number < inLast.count - 1 {
                let error = try expectFailure { () throws(DurabilityError) in try openLog(memoryPath, io: disk) }
                #expect(error.file == lastPath)
                #expect(error.offset == record.position.offset)
                #expect(error.description.contains("a valid record follows at byte offset \(inLast[number + 1].position.offset)"))
            } else {
                let (log, records) = try openLog(memoryPath, io: disk)
                #expect(records.count == fixture.appended.count - 1)
                #expect(log.recovery.tornTail?.offset == record.position.offset)
            }
        }
    }

    @Test("a zeroed record in the middle of the last segment, followed by valid ones, is refused")
    func zeroedRecordInLastSegment() throws {
        let fixture = try Fixture()
        let lastPath = fixture.segmentPaths.last!
        let record = fixture.records(inSegment: fixture.segmentPaths.count - 1)[0]
        let copy = fixture.disk.copy()
        var bytes = copy.contents(of: lastPath)!
        let start = Int(record.position.offset)
        for byte in start..<start + Int(frameBytes(record.payload.count)) { bytes[byte] = 0 }
        copy.setContents(of: lastPath, to: bytes)
        let error = try expectFailure { () throws(DurabilityError) in try openLog(memoryPath, io: copy) }
        #expect(error.offset == record.position.offset)
        #expect(error.description.contains("zeros where a record should start"))
    }

    @Test("an earlier segment that lost its end (zeros after its last record) is refused")
    func earlierSegmentWithZeroTail() throws {
        let fixture = try Fixture()
        let copy = fixture.disk.copy()
        let bytes = copy.contents(of: fixture.segmentPaths[0])!
        copy.setContents(of: fixture.segmentPaths[0], to: bytes + [UInt8](repeating: 0, count: 40))
        let error = try expectFailure { () throws(DurabilityError) in try openLog(memoryPath, io: copy) }
        #expect(error.file == fixture.segmentPaths[0])
        #expect(error.offset == UInt64(bytes.count))
        // Cut short instead: its last record runs past the end.
        let cut = fixture.disk.copy()
        cut.setContents(of: fixture.segmentPaths[0], to: Array(bytes.dropLast(3)))
        let short = try expectFailure { () throws(DurabilityError) in try openLog(memoryPath, io: cut) }
        #expect(short.offset == fixture.records(inSegment: 0).last!.position.offset)
    }

    @Test("a missing segment in the middle is refused, naming the one after the gap")
    func missingSegment() throws {
        let fixture = try Fixture()
        let copy = fixture.disk.copy()
        try copy.remove(fixture.segmentPaths[1])
        let error = try expectFailure { () throws(DurabilityError) in try openLog(memoryPath, io: copy) }
        #expect(error.file == fixture.segmentPaths[2])
        #expect(error.description.contains("segment 2 follows segment 0: segments are missing"))
    }

    @Test("a segment whose name does not continue the one before it, or whose header disagrees with its name, is refused")
    func misplacedSegment() throws {
        let fixture = try Fixture()
        let renamed = fixture.disk.copy()
        let wrongName = memoryPath + "/0000000000000001-00000000000000ff.wal"
        try renamed.rename(fixture.segmentPaths[1], to: wrongName)
        let error = try expectFailure { () throws(DurabilityError) in try openLog(memoryPath, io: renamed) }
        #expect(error.file == wrongName)
        let expectedStart = fixture.records(inSegment: 1)[0].position.index
        #expect(error.kind == .corruption("the segment starts at record 255 but the one before it ends before record \(expectedStart)"))

        // Segment 2's bytes under segment 1's name: the header names segment 2.
        let swapped = fixture.disk.copy()
        swapped.setContents(of: fixture.segmentPaths[1], to: swapped.contents(of: fixture.segmentPaths[2])!)
        let mismatch = try expectFailure { () throws(DurabilityError) in try openLog(memoryPath, io: swapped) }
        #expect(mismatch.file == fixture.segmentPaths[1])
        #expect(mismatch.offset == 32)
        #expect(mismatch.description.contains("the header names segment 2"))
    }

    @Test("a temporary segment left by a crash during rotation is removed and the log opens")
    func leftoverTemporarySegment() throws {
        let fixture = try Fixture()
        let copy = fixture.disk.copy()
        let temporary = memoryPath + "/0000000000000009-0000000000000099.wal.tmp"
        try copy.open(temporary, creating: true).close()
        copy.setContents(of: temporary, to: [1, 2, 3])
        let (log, records) = try openLog(memoryPath, io: copy)
        #expect(records.count == fixture.appended.count)
        #expect(log.recovery.removedTemporaryFiles == ["0000000000000009-0000000000000099.wal.tmp"])
        #expect(copy.contents(of: temporary) == nil)
    }

    @Test("a replay that refuses a record's content names its file and offset")
    func replayRefusal() throws {
        let fixture = try Fixture()
        let directory = try DataDirectory.open(memoryPath, identity: testIdentity, io: fixture.disk)
        let target = fixture.appended[7]
        let error = try expectFailure { () throws(DurabilityError) in
            try WriteAheadLog.open(directory, options: smallSegments) { record throws(DurabilityError) in
                if record.position.index == 7 { throw DurabilityError.invalidRecord(record, reason: "unknown kind") }
            }
        }
        #expect(error.file == fixture.segmentPaths[Int(target.position.segment)])
        #expect(error.offset == target.position.offset)
        #expect(error.kind == .invalidRecord("unknown kind"))
    }
}
