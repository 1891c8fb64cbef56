import Durability
import Foundation
import Testing

/// How a cut file looks: shorter (truncated there), or its preallocated length kept with zeros
/// from the cut on (what a preallocated segment shows when the tail never reached the disk).
enum CutMode: CaseIterable { case truncated, zeroFilled }

/// The last segment as the script left it, and what recovery must return for each cut.
struct CutFixture {
    let outcome: LogScript.Outcome
    let lastSegment: String
    let bytes: [UInt8]
    /// Where the unsynced tail starts and where the written data ends in the last segment.
    let tailStart: UInt64
    let end: UInt64

    init(script: LogScript, log: WriteAheadLog, bytes: (String) -> [UInt8]) throws {
        outcome = try script.run(on: log)
        lastSegment = log.segmentPaths.last!
        self.bytes = bytes(lastSegment)
        end = log.nextPosition.offset
        if outcome.syncedCount < outcome.appended.count {
            let first = outcome.appended[outcome.syncedCount].position
            // A rotation syncs the segment it ends, so the unsynced tail is in the last segment.
            #expect(first.segment == outcome.appended.last!.position.segment)
            tailStart = first.offset
        } else {
            tailStart = end
        }
    }

    func cut(at offset: UInt64, _ mode: CutMode) -> [UInt8] {
        let kept = Array(bytes[..<Int(offset)])
        return mode == .truncated ? kept : kept + [UInt8](repeating: 0, count: bytes.count - Int(offset))
    }

    /// How many records survive a cut: the synced ones, then each unsynced one whose bytes all
    /// precede the cut (with zero filling, its zero padding may be past the cut).
    func survivors(cut: UInt64, _ mode: CutMode) -> Int {
        var count = outcome.syncedCount
        for record in outcome.appended[outcome.syncedCount...] {
            let needed = mode == .truncated ? frameBytes(record.payload.count) : UInt64(24 + record.payload.count)
            guard record.position.offset + needed <= cut else { break }
            count += 1
        }
        return count
    }

    /// Whether recovery must report a torn tail: nonzero bytes between the last surviving
    /// record in the last segment (or its header) and the cut.
    func isTorn(cut: UInt64, survivors: Int) -> Bool {
        let lastSegmentNumber = outcome.appended.last!.position.segment
        var validEnd: UInt64 = 64
        if survivors > 0, outcome.appended[survivors - 1].position.segment == lastSegmentNumber {
            let last = outcome.appended[survivors - 1]
            validEnd = last.position.offset + frameBytes(last.payload.count)
        }
        return validEnd < cut && bytes[Int(validEnd)..<Int(cut)].contains { $0 != 0 }
    }

    /// Recovers one cut copy and checks it: exactly the predicted prefix, the torn tail reported
    /// when there was one, and a clean log afterwards (one more record appends and survives).
    func check(cut: UInt64, _ mode: CutMode, open: () throws(DurabilityError) -> (log: WriteAheadLog, records: [WALRecord]), reopen: () throws(DurabilityError) -> (log: WriteAheadLog, records: [WALRecord])) throws {
        let (log, records) = try open()
        let expected = survivors(cut: cut, mode)
        let label = Comment(rawValue: "cut at \(cut) (\(mode)), tail \(tailStart)..<\(end)")
        #expect(records.count == expected, label)
        if records.count == expected {
            #expect(records.map { LogScript.Appended(kind: $0.kind, payload: $0.payload, position: $0.position) } == Array(outcome.appended.prefix(expected)), label)
        }
        #expect((log.recovery.tornTail != nil) == isTorn(cut: cut, survivors: expected), label)
        if let torn = log.recovery.tornTail {
            #expect(torn.file.hasSuffix((lastSegment as NSString).lastPathComponent), label)
            #expect(torn.offset == log.nextPosition.offset, label)
        }
        try log.append(kind: 0xEE, payload: [1, 2, 3])
        try log.close()
        let (again, all) = try reopen()
        #expect(all.count == expected + 1, label)
        #expect(all.last?.payload == [1, 2, 3], label)
        #expect(again.recovery.tornTail == nil, label)
    }
}

@Suite("Crash recovery")
struct CrashRecoveryTests {
    static let scripts = [
        LogScript(count: 30, syncAfter: [4, 11, 19, 26], seed: 1, payloadBytesMax: 120),
        LogScript(count: 25, syncAfter: [], seed: 2, payloadBytesMax: 200),
        LogScript(count: 12, syncAfter: [12], seed: 3, payloadBytesMax: 60),
        LogScript(count: 3, syncAfter: [1], seed: 4, payloadBytesMax: 30),
    ]

    @Test("a cut at every byte offset of the unsynced tail recovers exactly a prefix that holds everything synced (simulated disk)",
          arguments: scripts)
    func everyCutOnMemoryDisk(script: LogScript) throws {
        let disk = memoryDisk()
        let (log, _) = try openLog(memoryPath, io: disk)
        let fixture = try CutFixture(script: script, log: log) { disk.contents(of: $0)! }
        var cuts = 0
        for cut in fixture.tailStart...fixture.end {
            for mode in CutMode.allCases {
                let copy = disk.copy()
                copy.setContents(of: fixture.lastSegment, to: fixture.cut(at: cut, mode))
                try fixture.check(cut: cut, mode, open: { () throws(DurabilityError) in try openLog(memoryPath, io: copy) },
                                  reopen: { () throws(DurabilityError) in try openLog(memoryPath, io: copy) })
                cuts += 1
            }
        }
        #expect(cuts == 2 * Int(fixture.end - fixture.tailStart + 1))
    }

    @Test("a cut at every byte offset of the unsynced tail recovers exactly a prefix that holds everything synced (this machine's disk)")
    func everyCutOnRealDisk() throws {
        let temporary = try TemporaryDirectory("every-cut")
        defer { temporary.remove() }
        let original = temporary.child("original")
        let (log, _) = try openLog(original, io: PosixFileIO())
        let script = LogScript(count: 14, syncAfter: [5, 11], seed: 5, payloadBytesMax: 60)
        let fixture = try CutFixture(script: script, log: log) { Array(FileManager.default.contents(atPath: $0)!) }
        #expect(fixture.end - fixture.tailStart > 100, "the unsynced tail spans several records")
        let segmentName = (fixture.lastSegment as NSString).lastPathComponent
        for cut in fixture.tailStart...fixture.end {
            for mode in CutMode.allCases {
                let copy = temporary.child("cut-\(cut)-\(mode)")
                try FileManager.default.copyItem(atPath: original, toPath: copy)
                try Data(fixture.cut(at: cut, mode)).write(to: URL(fileURLWithPath: copy + "/" + segmentName))
                try fixture.check(cut: cut, mode, open: { () throws(DurabilityError) in try openLog(copy, io: PosixFileIO()) },
                                  reopen: { () throws(DurabilityError) in try openLog(copy, io: PosixFileIO()) })
                try FileManager.default.removeItem(atPath: copy)
            }
        }
    }

    /// A power cut at every changing operation of a script (segment creation, rotation, every
    /// write and sync), on a disk that keeps only what was synced: recovery returns a prefix of
    /// what was appended that holds everything the log reported synced.
    @Test("a power cut at every operation loses nothing that was synced")
    func powerCutAtEveryOperation() throws {
        let script = LogScript(count: 24, syncAfter: [3, 9, 10, 17, 24], seed: 6, payloadBytesMax: 200)
        let records = script.records()
        var cutPoint = 0
        var completed = false
        while !completed {
            let disk = memoryDisk()
            disk.powerCutAfterOperations = cutPoint
            var appended = 0
            var synced: UInt64 = 0
            do throws(DurabilityError) {
                let (log, _) = try openLog(memoryPath, io: disk)
                for (number, record) in records.enumerated() {
                    try log.append(kind: record.kind, payload: record.payload)
                    appended += 1
                    synced = log.syncedEndIndex
                    if script.syncAfter.contains(number + 1) { try log.sync() }
                    synced = log.syncedEndIndex
                }
                completed = true
            } catch {
                #expect(error.description.contains("power cut"))
            }
            disk.powerCutAfterOperations = nil
            disk.crash()
            let (_, recovered) = try openLog(memoryPath, io: disk)
            let label = Comment(rawValue: "power cut after \(cutPoint) operations")
            #expect(recovered.count >= Int(synced), label)
            #expect(recovered.count <= appended, label)
            #expect(recovered.map(\.payload) == records.prefix(recovered.count).map(\.payload), label)
            cutPoint += 1
        }
        #expect(cutPoint > 40, "the script made many operations")
    }
}
