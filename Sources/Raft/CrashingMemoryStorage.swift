import Support

/// Storage in memory that models a crash: `crash` keeps what was synced and loses the writes since
/// the last sync, except a prefix of them that the disk happened to write (possibly ending with a
/// torn record, of which a prefix of the entries survives). The caller's seeded generator picks
/// how much survives, so a seed replays the same crash.
public struct CrashingMemoryStorage: RaftStorage, Sendable {
    /// The state after every synced record.
    public private(set) var durable: MemoryStorage
    /// Records written since the last sync, oldest first.
    public private(set) var unsynced: [StorageRecord] = []
    /// Writes fail with `StorageError.writeFailed` while this is set (a full disk).
    public var failWrites = false
    public private(set) var syncCount = 0
    /// Unsynced records crashes discarded (whole or torn), for tests that check crashes bite.
    public private(set) var lostRecordCount = 0

    public init(_ state: PersistedState = PersistedState()) {
        durable = MemoryStorage(state)
    }

    mutating func write(_ record: StorageRecord) throws {
        if failWrites { throw StorageError.writeFailed("no space left on the simulated device") }
        unsynced.append(record)
    }

    public mutating func saveSnapshot(_ snapshot: Snapshot) throws { try write(.snapshot(snapshot)) }
    public mutating func append(_ entries: [LogEntry]) throws { try write(.entries(entries)) }
    public mutating func saveHardState(_ state: HardState) throws { try write(.hardState(state)) }
    public mutating func compact(through position: LogPosition) throws { try write(.compaction(position)) }

    public mutating func sync() throws {
        if failWrites { throw StorageError.writeFailed("sync failed on the simulated device") }
        for record in unsynced { try durable.write(record) }
        unsynced.removeAll()
        syncCount += 1
    }

    /// The live view: synced and unsynced writes (what a node that did not crash would read).
    public func load() throws -> PersistedState {
        var state = durable.state
        for record in unsynced { try state.apply(record) }
        return state
    }

    /// A crash in which the first `keeping` unsynced records reach the disk and, when
    /// `tornEntries` is set and the next record is an entries record, its first `tornEntries`
    /// entries too (a torn write). Everything else unsynced is lost.
    public mutating func crash(keeping: Int, tornEntries: Int? = nil) throws {
        precondition(keeping >= 0 && keeping <= unsynced.count, "keeping \(keeping) of \(unsynced.count) unsynced records")
        for record in unsynced.prefix(keeping) { try durable.write(record) }
        if let torn = tornEntries, keeping < unsynced.count, case .entries(let entries) = unsynced[keeping] {
            let survivors = Array(entries.prefix(max(0, min(torn, entries.count - 1))))
            if !survivors.isEmpty { try durable.write(.entries(survivors)) }
        }
        lostRecordCount += unsynced.count - keeping
        unsynced.removeAll()
    }

    /// A crash at a point the generator picks: usually everything unsynced is lost; otherwise a
    /// prefix survives, half the time ending in a torn entries record.
    public mutating func crash(using random: inout SplitMix64) throws {
        guard !unsynced.isEmpty, !random.chance(50) else {
            try crash(keeping: 0)
            return
        }
        let keeping = random.below(unsynced.count + 1)
        let torn = random.chance(50) ? random.below(8) : nil
        try crash(keeping: keeping, tornEntries: torn)
    }
}
