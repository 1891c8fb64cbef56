import Durability
import Testing

/// A full disk (writes failing with ENOSPC): a one-line error naming the file, nothing that was
/// stored is overwritten, and the log refuses further use until it is reopened.
@Suite("Full disk")
struct FullDiskTests {
    @Test("a write that fails with ENOSPC names the segment and offset; the log is then unusable; synced records survive")
    func writeFails() throws {
        let disk = memoryDisk()
        let (log, _) = try openLog(memoryPath, io: disk)
        try log.append(kind: 1, payload: [1, 2, 3])
        try log.sync()
        let segment = log.segmentPaths[0]
        let before = disk.contents(of: segment)!
        disk.failAllWrites = true
        let error = try expectFailure { () throws(DurabilityError) in try log.append(kind: 1, payload: [4]) }
        #expect(error.kind == .noSpace(operation: "write"))
        #expect(error.description == "\(segment): byte offset 96: write failed: no space left on device (ENOSPC); nothing was overwritten")
        #expect(disk.contents(of: segment) == before)
        disk.failAllWrites = false
        let later = try expectFailure { () throws(DurabilityError) in try log.sync() }
        #expect(later.description.contains("log unusable: an earlier write or sync failed"))
        disk.crash()
        let (_, records) = try openLog(memoryPath, io: disk)
        #expect(records.map(\.payload) == [[1, 2, 3]])
    }

    @Test("a disk too full for the next segment fails the rotation, naming the new segment, with every record synced")
    func rotationFails() throws {
        let disk = memoryDisk()
        let (log, _) = try openLog(memoryPath, io: disk)
        // Room for the identity file and one preallocated segment, not for a second.
        disk.capacityBytes = 64 + Int(smallSegments.segmentBytesMax) + 500
        var appended = 0
        var failure: DurabilityError?
        while failure == nil {
            do throws(DurabilityError) {
                try log.append(kind: 2, payload: [UInt8](repeating: UInt8(appended), count: 150))
                appended += 1
            } catch {
                failure = error
            }
        }
        let error = try #require(failure)
        #expect(error.file == memoryPath + "/0000000000000001-\(String(repeating: "0", count: 15))\(appended).wal.tmp")
        #expect(error.kind == .noSpace(operation: "preallocate 1024 bytes"))
        #expect(try disk.entries(ofDirectory: memoryPath) == ["0000000000000000-0000000000000000.wal", DataDirectory.identityFileName])
        disk.capacityBytes = nil
        disk.crash()
        let (_, records) = try openLog(memoryPath, io: disk)
        #expect(records.count == appended, "the full segment was synced before the next was attempted")
    }

    @Test("a snapshot save on a full disk fails naming the temporary file, leaving the earlier snapshot and no temporary file")
    func snapshotOnFullDisk() throws {
        let disk = memoryDisk()
        let store = SnapshotStore(directory: try DataDirectory.open(memoryPath, identity: testIdentity, io: disk))
        let earlier = try store.save(label: 3, payload: [UInt8](repeating: 3, count: 100))
        let before = disk.contents(of: earlier)!
        disk.capacityBytes = 64 + before.count + 300
        let error = try expectFailure { () throws(DurabilityError) in try store.save(label: 3, payload: [UInt8](repeating: 4, count: 1000)) }
        #expect(error.file == earlier + ".tmp")
        #expect(error.kind == .noSpace(operation: "write"))
        #expect(disk.contents(of: earlier) == before, "the snapshot of the same label was not overwritten")
        #expect(try store.loadLatest()?.payload == [UInt8](repeating: 3, count: 100))
        #expect(try disk.entries(ofDirectory: memoryPath) == ["0000000000000003.snap", DataDirectory.identityFileName])
    }

    @Test("a data directory cannot be initialised on a full disk, and says so")
    func identityOnFullDisk() throws {
        let disk = memoryDisk()
        disk.failAllWrites = true
        let error = try expectFailure { () throws(DurabilityError) in try DataDirectory.open(memoryPath, identity: testIdentity, io: disk) }
        #expect(error.file == memoryPath + "/" + DataDirectory.identityFileName + ".tmp")
        #expect(error.kind == .noSpace(operation: "write"))
    }
}
