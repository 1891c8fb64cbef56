import Durability
import Foundation
import Support
import Testing

@Suite("Snapshots")
struct SnapshotStoreTests {
    static func payload(_ count: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    @Test("saves atomically and loads the latest, verified; older ones can be removed")
    func saveAndLoad() throws {
        let temporary = try TemporaryDirectory("snapshots")
        defer { temporary.remove() }
        let directory = try DataDirectory.open(temporary.child("node"), identity: testIdentity)
        let store = SnapshotStore(directory: directory)
        #expect(try store.loadLatest() == nil)
        let first = try store.save(label: 10, payload: Self.payload(1000, seed: 1))
        try store.save(label: 25, payload: Self.payload(3000, seed: 2))
        #expect(try store.labels() == [10, 25])
        let latest = try #require(try store.loadLatest())
        #expect(latest.label == 25)
        #expect(latest.payload == Self.payload(3000, seed: 2))
        #expect(try FileManager.default.attributesOfItem(atPath: latest.file)[.size] as? Int == 64 + 3000)
        #expect(try store.remove(before: 25) == [first])
        #expect(try store.labels() == [25])
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ["0000000000000019.snap", DataDirectory.identityFileName])
    }

    @Test("a snapshot cut at any length is a truncated snapshot, naming the file")
    func truncatedAtEveryLength() throws {
        let disk = memoryDisk()
        let store = SnapshotStore(directory: try DataDirectory.open(memoryPath, identity: testIdentity, io: disk))
        let path = try store.save(label: 7, payload: Self.payload(100, seed: 3))
        let whole = disk.contents(of: path)!
        for length in 0..<whole.count {
            let copy = disk.copy()
            copy.setContents(of: path, to: Array(whole.prefix(length)))
            let copied = SnapshotStore(directory: try DataDirectory.open(memoryPath, identity: testIdentity, io: copy))
            let error = try expectFailure { () throws(DurabilityError) in try copied.loadLatest() }
            #expect(error.file == path)
            let expected: UInt64 = length < 64 ? 64 : 164
            #expect(error.kind == .truncatedSnapshot(expectedBytes: expected, foundBytes: UInt64(length)), "length \(length)")
        }
        let copy = disk.copy()
        copy.setContents(of: path, to: Array(whole.prefix(120)))
        let error = try expectFailure { () throws(DurabilityError) in
            try SnapshotStore(directory: try DataDirectory.open(memoryPath, identity: testIdentity, io: copy)).loadLatest()
        }
        #expect(error.description == "\(path): byte offset 120: truncated snapshot: 120 bytes where the header declares 164")
    }

    @Test("a flipped bit in a snapshot's payload or header is refused")
    func damagedSnapshot() throws {
        let disk = memoryDisk()
        let store = SnapshotStore(directory: try DataDirectory.open(memoryPath, identity: testIdentity, io: disk))
        let path = try store.save(label: 7, payload: Self.payload(100, seed: 4))
        let whole = disk.contents(of: path)!
        for byte in stride(from: 0, to: whole.count, by: 5) {
            let copy = disk.copy()
            var bytes = whole
            bytes[byte] ^= 0x10
            copy.setContents(of: path, to: bytes)
            let copied = SnapshotStore(directory: try DataDirectory.open(memoryPath, identity: testIdentity, io: copy))
            let error = try expectFailure { () throws(DurabilityError) in try copied.load(label: 7) }
            #expect(error.file == path)
            if byte >= 64 { #expect(error.kind == .corruption("snapshot payload checksum mismatch")) }
        }
    }

    @Test("a crash during a save leaves the earlier snapshot whole, and never a damaged one")
    func powerCutDuringSave() throws {
        var cutPoint = 0
        var completed = false
        while !completed {
            let disk = memoryDisk()
            let store = SnapshotStore(directory: try DataDirectory.open(memoryPath, identity: testIdentity, io: disk))
            try store.save(label: 1, payload: Self.payload(50, seed: 5))
            disk.powerCutAfterOperations = disk.operationCount + cutPoint
            do throws(DurabilityError) {
                try store.save(label: 2, payload: Self.payload(80, seed: 6))
                completed = true
            } catch {
                #expect(error.description.contains("power cut"))
            }
            disk.powerCutAfterOperations = nil
            disk.crash()
            let latest = try #require(try store.loadLatest())
            #expect(latest.payload == Self.payload(latest.label == 1 ? 50 : 80, seed: latest.label == 1 ? 5 : 6))
            if completed { #expect(latest.label == 2, "a save that returned is durable") }
            cutPoint += 1
        }
        #expect(cutPoint > 4)
    }
}
