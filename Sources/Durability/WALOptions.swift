/// The write-ahead log's limits.
public struct WALOptions: Equatable, Sendable {
    /// A segment is preallocated to this size and a new one started when the next record would
    /// not fit in it.
    public var segmentBytesMax: UInt64
    /// The largest payload one record may carry; must fit in an empty segment.
    public var recordPayloadBytesMax: Int
    /// Appended records are kept in memory up to this many bytes before they are written
    /// (without a sync); `sync()` writes the rest. 0 writes every record as it is appended.
    public var writeBufferBytesMax: Int

    public init(segmentBytesMax: UInt64 = 64 << 20, recordPayloadBytesMax: Int = 8 << 20, writeBufferBytesMax: Int = 1 << 20) {
        precondition(recordPayloadBytesMax > 0, "records may carry a payload")
        precondition(writeBufferBytesMax >= 0, "a non-negative buffer")
        precondition(
            UInt64(FileHeader.bytes + RecordFrame.frameBytes(payloadBytes: recordPayloadBytesMax)) <= segmentBytesMax,
            "the largest record fits in an empty segment")
        self.segmentBytesMax = segmentBytesMax
        self.recordPayloadBytesMax = recordPayloadBytesMax
        self.writeBufferBytesMax = writeBufferBytesMax
    }
}
