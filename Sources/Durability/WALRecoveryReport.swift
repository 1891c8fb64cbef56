/// What opening the log found.
public struct WALRecoveryReport: Equatable, Sendable {
    /// A torn write at the end of the last segment, cut off: the bytes from `offset` on held no
    /// valid record and nothing valid followed, so they were unsynced writes a crash tore.
    public struct TornTail: Equatable, Sendable {
        public let file: String
        public let offset: UInt64
        /// Why the first discarded bytes were not a record.
        public let reason: String
    }

    /// Segment files replayed.
    public var segments: Int
    /// Records replayed.
    public var records: UInt64
    /// Bytes of record frames replayed.
    public var recordBytes: UInt64
    /// The index of the first record still stored (records before it were compacted away).
    public var firstIndex: UInt64
    public var tornTail: TornTail?
    /// Temporary segment files a crash left (never renamed into place), removed.
    public var removedTemporaryFiles: [String]
}
