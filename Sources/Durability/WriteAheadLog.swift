/// A segmented, append-only write-ahead log of typed byte records.
///
/// - `append` frames a record (see `RecordFrame`) into a write buffer and returns its position;
///   `sync()` writes what is buffered and makes everything appended so far durable with one
///   `fdatasync` (group commit: many appends, one sync).
/// - Segments are preallocated to `segmentBytesMax`. When the next record would not fit, the
///   segment is cut at its last record and `fsync`ed (so every segment but the last ends
///   exactly at a record and is durable before the next exists), and the next one is created
///   as a temporary file, synced, renamed into place, and the directory synced.
/// - `compact(before:)` removes whole segments whose records all precede a position.
/// - `open` replays the segments (see `WriteAheadLog+Recovery.swift`).
///
/// A failed write or sync leaves the file in a state the program cannot know (and a failed
/// fsync may have dropped dirty pages, so retrying it could report success falsely), so after
/// one the log refuses every call: the owner must stop and recover from disk.
///
/// One owner, one thread: not `Sendable`.
public final class WriteAheadLog {
    static let segmentMagic = "SWIFTWAL"

    public let directory: DataDirectory
    public let options: WALOptions
    /// What `open` found.
    public let recovery: WALRecoveryReport

    /// The stored segments, oldest first; the last is the one being written.
    var segments: [SegmentName]
    var file: any IOFile
    /// Where `buffer` starts in the current segment: everything before it is written.
    var writtenBytes: UInt64
    var buffer: [UInt8] = []
    /// The index the next appended record gets.
    public private(set) var nextIndex: UInt64
    /// Every record with a smaller index is durable.
    public private(set) var syncedEndIndex: UInt64
    /// Set by the first failed write or sync (or by `close`); every later call throws it.
    var failure: DurabilityError?

    init(
        directory: DataDirectory, options: WALOptions, recovery: WALRecoveryReport, segments: [SegmentName],
        file: any IOFile, writtenBytes: UInt64, nextIndex: UInt64
    ) {
        precondition(!segments.isEmpty, "a log has a current segment")
        precondition(writtenBytes >= UInt64(FileHeader.bytes), "records start after the segment header")
        self.directory = directory
        self.options = options
        self.recovery = recovery
        self.segments = segments
        self.file = file
        self.writtenBytes = writtenBytes
        self.nextIndex = nextIndex
        self.syncedEndIndex = nextIndex
        buffer.reserveCapacity(options.writeBufferBytesMax + RecordFrame.headerBytes)
    }

    deinit { file.close() }

    /// The bytes a record with a payload of `payloadBytes` takes in a segment (header and
    /// padding included), for callers that size batches or segments.
    public static func recordBytes(payloadBytes: Int) -> Int { RecordFrame.frameBytes(payloadBytes: payloadBytes) }

    /// The index of the oldest record still stored.
    public var firstIndex: UInt64 { segments[0].firstIndex }

    /// The paths of the stored segments, oldest first.
    public var segmentPaths: [String] { segments.map { directory.file($0.fileName) } }

    /// Where the next appended record goes (until a rotation moves it to a new segment).
    public var nextPosition: WALPosition {
        WALPosition(index: nextIndex, segment: segments.last!.sequence, offset: writtenBytes + UInt64(buffer.count))
    }

    /// Appends a record (kind 1...255; 0 is reserved) and returns its position. It is durable
    /// only after the next `sync()`.
    @discardableResult
    public func append(kind: UInt8, payload: [UInt8]) throws(DurabilityError) -> WALPosition {
        var result: Result<WALPosition, DurabilityError> = .failure(DurabilityError(.unusable("unreachable"), file: ""))
        payload.withUnsafeBytes { raw in
            result = Result { () throws(DurabilityError) in try append(kind: kind, payload: raw) }
        }
        return try result.get()
    }

    /// Appends a record from raw bytes; see `append(kind:payload:)`.
    @discardableResult
    public func append(kind: UInt8, payload: UnsafeRawBufferPointer) throws(DurabilityError) -> WALPosition {
        precondition(kind != 0, "record kind 0 is reserved")
        if let failure { throw failure }
        guard payload.count <= options.recordPayloadBytesMax else {
            throw DurabilityError(
                .tooLarge(bytes: payload.count, limit: options.recordPayloadBytesMax), file: file.path,
                offset: nextPosition.offset)
        }
        let frameBytes = UInt64(RecordFrame.frameBytes(payloadBytes: payload.count))
        if nextPosition.offset + frameBytes > options.segmentBytesMax {
            try guarded { () throws(DurabilityError) in try startNextSegment() }
        }
        let position = nextPosition
        assert(position.offset + frameBytes <= options.segmentBytesMax, "the record fits in the segment")
        RecordFrame.append(index: nextIndex, kind: kind, payload: payload, to: &buffer)
        nextIndex += 1
        if buffer.count >= options.writeBufferBytesMax {
            try guarded { () throws(DurabilityError) in try writeBuffer() }
        }
        return position
    }

    /// Makes every record appended so far durable: writes the buffer and `fdatasync`s the
    /// segment (the file is preallocated, so its size does not change and `fdatasync`
    /// suffices, as etcd's WAL relies on). Does nothing when nothing was appended since.
    public func sync() throws(DurabilityError) {
        if let failure { throw failure }
        guard syncedEndIndex < nextIndex else { return }
        try guarded { () throws(DurabilityError) in
            try writeBuffer()
            try file.syncData()
        }
        syncedEndIndex = nextIndex
    }

    /// Ends the current segment (synced) and starts the next, unless the current one holds no
    /// record yet. Returns where the next record goes. A storage adapter compacting its log
    /// rotates, re-appends the state it still needs, syncs, then calls `compact(before:)`
    /// with the returned position.
    @discardableResult
    public func rotate() throws(DurabilityError) -> WALPosition {
        if let failure { throw failure }
        if nextIndex > segments.last!.firstIndex {
            try guarded { () throws(DurabilityError) in try startNextSegment() }
        }
        return nextPosition
    }

    /// Removes every segment whose records all precede `position` (never the current one),
    /// oldest first, syncing the directory after each removal so that a crash leaves a
    /// contiguous suffix of segments. Returns how many were removed.
    @discardableResult
    public func compact(before position: WALPosition) throws(DurabilityError) -> Int {
        if let failure { throw failure }
        precondition(position.index <= nextIndex, "compaction point \(position) lies beyond the log's end \(nextIndex)")
        var removed = 0
        while segments.count > 1 && segments[1].firstIndex <= position.index {
            try directory.io.remove(directory.file(segments[0].fileName))
            try directory.io.syncDirectory(directory.path)
            segments.removeFirst()
            removed += 1
        }
        return removed
    }

    /// Syncs what was appended and closes the segment; the log refuses calls afterwards.
    public func close() throws(DurabilityError) {
        if failure == nil { try sync() }
        file.close()
        failure = failure ?? DurabilityError(.unusable("the log was closed"), file: file.path)
    }

    /// Runs a write or sync; its failure makes the log unusable.
    private func guarded(_ body: () throws(DurabilityError) -> Void) throws(DurabilityError) {
        do throws(DurabilityError) {
            try body()
        } catch {
            failure = DurabilityError(.unusable("an earlier write or sync failed: \(error.problem)"), file: error.file, offset: error.offset)
            throw error
        }
    }

    /// Writes the buffered frames at the end of the written part of the segment.
    private func writeBuffer() throws(DurabilityError) {
        guard !buffer.isEmpty else { return }
        try file.write(buffer, at: writtenBytes)
        writtenBytes += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Cuts the current segment at its last record, fsyncs it, then creates the next segment.
    private func startNextSegment() throws(DurabilityError) {
        try writeBuffer()
        try file.truncate(bytes: writtenBytes)
        try file.sync()
        syncedEndIndex = nextIndex
        file.close()
        let name = SegmentName(sequence: segments.last!.sequence + 1, firstIndex: nextIndex)
        file = try WriteAheadLog.createSegment(name, in: directory, options: options)
        segments.append(name)
        writtenBytes = UInt64(FileHeader.bytes)
    }

    /// Creates a segment so that it either does not exist after a crash or exists whole with
    /// its header and preallocated space: written as a temporary file, preallocated, fsynced,
    /// renamed into place, the directory fsynced. Returns it open for writing.
    static func createSegment(_ name: SegmentName, in directory: DataDirectory, options: WALOptions) throws(DurabilityError) -> any IOFile {
        let temporary = directory.file(name.fileName + DataDirectory.temporarySuffix)
        let header = FileHeader(magic: segmentMagic, identity: directory.identity, fields: [name.sequence, name.firstIndex, 0])
        let file = try directory.io.open(temporary, creating: true)
        do throws(DurabilityError) {
            try file.write(header.encoded, at: 0)
            try file.preallocate(bytes: options.segmentBytesMax)
            try file.sync()
            try directory.io.rename(temporary, to: directory.file(name.fileName))
        } catch {
            file.close()
            try? directory.io.remove(temporary)
            throw error
        }
        file.close()
        try directory.io.syncDirectory(directory.path)
        // Reopened by its final name, so that error messages name the segment.
        return try directory.io.open(directory.file(name.fileName), creating: false)
    }
}
