import Testing
import Durability
import Support

/// A scripted run of the log: `count` records with seeded kinds and payload sizes (empty ones
/// included), a sync after each record listed in `syncAfter`. Keeps what was appended, where,
/// and how much was synced, so a test can state exactly what recovery must return.
struct LogScript: CustomStringConvertible, Sendable {
    let count: Int
    /// 1-based record counts after which to sync.
    let syncAfter: [Int]
    let seed: UInt64
    let payloadBytesMax: Int

    var description: String { "\(count) records, sync after \(syncAfter), seed \(seed)" }

    struct Appended: Equatable {
        let kind: UInt8
        let payload: [UInt8]
        let position: WALPosition
    }

    struct Outcome {
        var appended: [Appended] = []
        /// How many records were synced (a prefix of `appended`), by `sync()` or a rotation.
        var syncedCount = 0
    }

    /// The records the script appends, in order.
    func records() -> [(kind: UInt8, payload: [UInt8])] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let kind = UInt8(1 + random.below(255))
            let size = random.chance(10) ? 0 : random.below(payloadBytesMax + 1)
            return (kind, (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }
    }

    /// Runs the script on `log` and leaves the unsynced records written (with a write buffer of
    /// 0) but not synced.
    func run(on log: WriteAheadLog) throws -> Outcome {
        var outcome = Outcome()
        for (number, record) in records().enumerated() {
            let position = try log.append(kind: record.kind, payload: record.payload)
            outcome.appended.append(Appended(kind: record.kind, payload: record.payload, position: position))
            if syncAfter.contains(number + 1) {
                try log.sync()
                #expect(log.syncedEndIndex == UInt64(number + 1))
            }
            // A rotation syncs the segment it ends, so records are synced by rotations too.
            outcome.syncedCount = Int(log.syncedEndIndex)
        }
        return outcome
    }
}

/// Small segments, so a few dozen records span several, and every append written at once.
let smallSegments = WALOptions(segmentBytesMax: 1024, recordPayloadBytesMax: 200, writeBufferBytesMax: 0)
let testIdentity = StorageIdentity(clusterID: 0xC1, directoryID: 0xD1)

/// Opens the log in `path` and returns it with every record replayed.
func openLog(
    _ path: String, io: any FileIO, options: WALOptions = smallSegments, identity: StorageIdentity = testIdentity
) throws(DurabilityError) -> (log: WriteAheadLog, records: [WALRecord]) {
    let directory = try DataDirectory.open(path, identity: identity, io: io)
    var records: [WALRecord] = []
    let log = try WriteAheadLog.open(directory, options: options) { records.append($0) }
    return (log, records)
}

/// Runs `body`, which must throw a `DurabilityError`, and returns it.
func expectFailure<T>(_ body: () throws(DurabilityError) -> T, sourceLocation: SourceLocation = #_sourceLocation) throws -> DurabilityError {
    do throws(DurabilityError) {
        _ = try body()
    } catch {
        #expect(!error.description.contains("\n"), "one line", sourceLocation: sourceLocation)
        return error
    }
    Issue.record("expected a DurabilityError", sourceLocation: sourceLocation)
    throw TestFailure()
}

struct TestFailure: Error {}
