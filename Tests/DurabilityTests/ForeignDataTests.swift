import Durability
import Foundation
import Testing

/// Data that is not ours is refused with a one-line error naming the file, and left alone.
@Suite("Foreign data")
struct ForeignDataTests {
    @Test("a directory holding other files and no identity file is not ours, and nothing is written to it")
    func notOurDirectory() throws {
        let temporary = try TemporaryDirectory("not-ours")
        defer { temporary.remove() }
        let path = temporary.child("data")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        try Data("hello".utf8).write(to: URL(fileURLWithPath: path + "/notes.txt"))
        let error = try expectFailure { () throws(DurabilityError) in try openLog(path, io: PosixFileIO()) }
        #expect(error.kind == .notOurDirectory(found: ["notes.txt"]))
        #expect(error.description == "\(path): not a data directory of ours: it holds 1 entries ('notes.txt') but no identity file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["notes.txt"])
    }

    @Test("a data directory of another cluster, or of another node, is refused at its identity file")
    func foreignIdentity() throws {
        let disk = memoryDisk()
        _ = try openLog(memoryPath, io: disk)
        let identityFile = memoryPath + "/" + DataDirectory.identityFileName
        let otherCluster = StorageIdentity(clusterID: 0xC2, directoryID: testIdentity.directoryID)
        let cluster = try expectFailure { () throws(DurabilityError) in try DataDirectory.open(memoryPath, identity: otherCluster, io: disk) }
        #expect(cluster.kind == .foreignCluster(expected: 0xC2, found: 0xC1))
        #expect(cluster.description == "\(identityFile): byte offset 16: belongs to cluster 0xc1, not to this node's cluster 0xc2")
        let otherNode = StorageIdentity(clusterID: testIdentity.clusterID, directoryID: 0xD2)
        let node = try expectFailure { () throws(DurabilityError) in try DataDirectory.open(memoryPath, identity: otherNode, io: disk) }
        #expect(node.kind == .foreignDirectory(expected: 0xD2, found: 0xD1))
        #expect(node.offset == 24)
    }

    @Test("a segment copied from another cluster's data directory is refused, naming it")
    func segmentFromAnotherCluster() throws {
        let ours = memoryDisk()
        let (log, _) = try openLog(memoryPath, io: ours)
        try log.append(kind: 1, payload: [1])
        try log.close()
        let theirs = memoryDisk()
        let foreign = StorageIdentity(clusterID: 0xBAD, directoryID: testIdentity.directoryID)
        let (other, _) = try openLog(memoryPath, io: theirs, identity: foreign)
        try other.append(kind: 1, payload: [2])
        try other.close()
        let segment = log.segmentPaths[0]
        let before = theirs.contents(of: segment)!
        ours.setContents(of: segment, to: before)
        let error = try expectFailure { () throws(DurabilityError) in try openLog(memoryPath, io: ours) }
        #expect(error.file == segment)
        #expect(error.offset == 16)
        #expect(error.kind == .foreignCluster(expected: testIdentity.clusterID, found: 0xBAD))
        #expect(ours.contents(of: segment) == before, "the refused segment is left as it was")
    }

    @Test("a file named like a segment that is not one, or an identity file cut short, is refused as not in our format")
    func malformedFiles() throws {
        let disk = memoryDisk()
        let (log, _) = try openLog(memoryPath, io: disk)
        try log.close()
        let segment = log.segmentPaths[0]
        let garbage = disk.copy()
        garbage.setContents(of: segment, to: Array("not a write-ahead log at all, but long enough to hold a header....".utf8))
        let error = try expectFailure { () throws(DurabilityError) in try openLog(memoryPath, io: garbage) }
        #expect(error.description == "\(segment): byte offset 0: not in our format: no 'SWIFTWAL' magic at the start")

        let damaged = disk.copy()
        var bytes = damaged.contents(of: segment)!
        bytes[40] ^= 1
        damaged.setContents(of: segment, to: bytes)
        let checksum = try expectFailure { () throws(DurabilityError) in try openLog(memoryPath, io: damaged) }
        #expect(checksum.kind == .badFormat("header checksum mismatch"))

        let identityFile = memoryPath + "/" + DataDirectory.identityFileName
        let cut = disk.copy()
        cut.setContents(of: identityFile, to: Array(cut.contents(of: identityFile)!.prefix(30)))
        let short = try expectFailure { () throws(DurabilityError) in try openLog(memoryPath, io: cut) }
        #expect(short.description == "\(identityFile): byte offset 0: not in our format: 30 bytes, shorter than the 64-byte header")
    }
}
