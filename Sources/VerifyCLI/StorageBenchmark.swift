import Dispatch
import Durability
import Foundation
import Glibc
import Support

/// `verify bench storage`: the write-ahead log on this machine's disk. Appends of 128-byte
/// entries with one `fsync` per batch of 1, 16 and 256 entries (appends per second, bytes per
/// second, mean microseconds per synced batch), then recovery of a 100 MB log, once with the
/// segments in the page cache and once after asking the kernel to drop them
/// (`POSIX_FADV_DONTNEED`), which reads them from the disk. One JSON line per run. Files go
/// to a fresh directory under the temporary directory (or `directory`) and are removed.
public enum StorageBenchmark {
    public static let entryBytes = 128
    public static let batchSizes = [1, 16, 256]
    /// Each batch size runs for this long at least (whole batches)...
    public static let appendSecondsMin = 2.0
    /// ...and for at most this many entries.
    public static let appendEntriesMax = 1_000_000
    public static let recoveryLogBytes = 100 << 20

    /// Runs every storage benchmark, printing JSON lines through `output`. Returns the exit
    /// status (0, or 1 after printing the storage error).
    public static func run(directory: String? = nil, output: (String) -> Void) -> Int32 {
        let root = directory ?? FileManager.default.temporaryDirectory.path
        let path = root + "/verify-bench-storage-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for batch in batchSizes { output(try appendRun(batch: batch, in: path + "/batch-\(batch)").compactText) }
            for line in try recoveryRuns(in: path + "/recovery") { output(line.compactText) }
            return 0
        } catch let error as DurabilityError {
            output(JSONValue.object([("benchmark", .string("storage")), ("error", .string(error.description))]).compactText)
            return 1
        } catch {
            output(JSONValue.object([("benchmark", .string("storage")), ("error", .string("\(error)"))]).compactText)
            return 1
        }
    }

    static let identity = StorageIdentity(clusterID: 0xBE7C, directoryID: 1)

    /// Seeded entry contents: incompressible, the same on every run.
    static func entry(_ number: Int) -> [UInt8] {
        var random = SplitMix64.stream(0x5704A9E, number)
        return (0..<entryBytes).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    static func rounded(_ value: Double, _ digits: Double = 1000) -> JSONValue { .double((value * digits).rounded() / digits) }

    private static func appendRun(batch: Int, in path: String) throws -> JSONValue {
        let directory = try DataDirectory.open(path, identity: identity)
        let log = try WriteAheadLog.open(directory) { _ in }
        let entries = (0..<256).map(entry)
        var appended = 0
        var batches = 0
        let start = DispatchTime.now().uptimeNanoseconds
        while seconds(since: start) < appendSecondsMin && appended + batch <= appendEntriesMax {
            for _ in 0..<batch {
                try log.append(kind: 1, payload: entries[appended & 0xFF])
                appended += 1
            }
            try log.sync()
            batches += 1
        }
        let elapsed = seconds(since: start)
        let logBytes = Double(appended * WriteAheadLog.recordBytes(payloadBytes: entryBytes))
        try log.close()
        return .object([
            ("benchmark", .string("storage-append-batch-\(batch)")),
            ("entryBytes", .int(entryBytes)),
            ("entriesPerSync", .int(batch)),
            ("entries", .int(appended)),
            ("syncs", .int(batches)),
            ("seconds", rounded(elapsed)),
            ("appendsPerSecond", .int(Int(Double(appended) / elapsed))),
            ("payloadBytesPerSecond", .int(Int(Double(appended * entryBytes) / elapsed))),
            ("logBytesPerSecond", .int(Int(logBytes / elapsed))),
            ("microsecondsPerSyncedBatch", rounded(elapsed / Double(batches) * 1e6, 10)),
        ])
    }

    /// Writes a log of `recoveryLogBytes` (256 entries per sync), then times opening it twice.
    private static func recoveryRuns(in path: String) throws -> [JSONValue] {
        let directory = try DataDirectory.open(path, identity: identity)
        let log = try WriteAheadLog.open(directory) { _ in }
        let entries = (0..<256).map(entry)
        var written = 0
        var count = 0
        let frameBytes = WriteAheadLog.recordBytes(payloadBytes: entryBytes)
        while written < recoveryLogBytes {
            try log.append(kind: 1, payload: entries[count & 0xFF])
            count += 1
            written += frameBytes
            if count % 256 == 0 { try log.sync() }
        }
        try log.close()
        let segmentPaths = log.segmentPaths
        var lines: [JSONValue] = []
        for cache in ["warm", "dropped"] {
            if cache == "dropped" { for segment in segmentPaths { dropFromPageCache(segment) } }
            let start = DispatchTime.now().uptimeNanoseconds
            var replayed = 0
            var payloadBytes = 0
            let reopened = try WriteAheadLog.open(directory) { record in
                replayed += 1
                payloadBytes += record.payload.count
            }
            let elapsed = seconds(since: start)
            precondition(replayed == count && payloadBytes == count * entryBytes, "recovery replays every record written")
            lines.append(.object([
                ("benchmark", .string("storage-recovery-100MB")),
                ("pageCache", .string(cache)),
                ("records", .int(replayed)),
                ("logBytes", .int(Int(reopened.recovery.recordBytes))),
                ("segments", .int(reopened.recovery.segments)),
                ("seconds", rounded(elapsed)),
                ("recordsPerSecond", .int(Int(Double(replayed) / elapsed))),
                ("megabytesPerSecond", rounded(Double(reopened.recovery.recordBytes) / elapsed / 1e6, 10)),
            ]))
            try reopened.close()
        }
        return lines
    }

    /// Asks the kernel to drop a synced file's pages from the page cache, so that the next
    /// read comes from the disk (advice: the kernel may keep some).
    private static func dropFromPageCache(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
    }
}
