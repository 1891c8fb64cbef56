/// Storage in memory that is always durable (`sync` does nothing): for tests, benchmarks and nodes
/// whose durability comes from elsewhere. It holds the recovered form of its records.
public struct MemoryStorage: RaftStorage, Sendable {
    public private(set) var state: PersistedState
    /// Records written, for tests that count writes.
    public private(set) var recordCount = 0

    public init(_ state: PersistedState = PersistedState()) {
        self.state = state
    }

    public mutating func write(_ record: StorageRecord) throws {
        try state.apply(record)
        recordCount += 1
    }

    public mutating func saveSnapshot(_ snapshot: Snapshot) throws { try write(.snapshot(snapshot)) }
    public mutating func append(_ entries: [LogEntry]) throws { try write(.entries(entries)) }
    public mutating func saveHardState(_ state: HardState) throws { try write(.hardState(state)) }
    public mutating func compact(through position: LogPosition) throws { try write(.compaction(position)) }
    public mutating func sync() throws {}
    public func load() throws -> PersistedState { state }
}
