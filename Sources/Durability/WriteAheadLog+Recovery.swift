import Glibc

/// Recovery: replaying the segments in order and deciding, for the first bad bytes, whether a
/// crash explains them (a torn tail, cut off) or they are corruption (refused).
extension WriteAheadLog {
    /// Opens the log in `directory`, creating its first segment when there is none, after
    /// replaying every stored record in order through `replay`.
    ///
    /// A bad record at the end of the last segment with nothing valid after it is a torn tail:
    /// the unsynced end of the last write. It is cut off (the file truncated there and
    /// preallocated again) and reported in `recovery.tornTail`. Any other bad record (one
    /// followed by a valid record, or in a segment that is not the last), a missing segment, a
    /// foreign or malformed header is refused with an error naming the file and offset: synced
    /// data is never dropped silently.
    ///
    /// Records are replayed as they are read; when `open` throws, discard what `replay` got.
    /// `replay` may throw (`DurabilityError.invalidRecord(_:reason:)`) to refuse a record.
    public static func open(
        _ directory: DataDirectory, options: WALOptions = WALOptions(), replay: (WALRecord) throws(DurabilityError) -> Void
    ) throws(DurabilityError) -> WriteAheadLog {
        guard let names = try directory.io.entries(ofDirectory: directory.path) else {
            throw .system("list directory", file: directory.path, code: ENOENT)
        }
        let removed = try removeTemporarySegments(names, in: directory)
        let segments = names.compactMap(SegmentName.init(fileName:)).sorted()
        var report = WALRecoveryReport(
            segments: segments.count, records: 0, recordBytes: 0, firstIndex: segments.first?.firstIndex ?? 0, tornTail: nil,
            removedTemporaryFiles: removed)
        guard let last = segments.last else {
            let first = SegmentName(sequence: 0, firstIndex: 0)
            let file = try createSegment(first, in: directory, options: options)
            return WriteAheadLog(
                directory: directory, options: options, recovery: report, segments: [first], file: file,
                writtenBytes: UInt64(FileHeader.bytes), nextIndex: 0)
        }
        try checkSequence(segments, in: directory)
        var nextIndex = segments[0].firstIndex
        for name in segments.dropLast() {
            let file = try directory.io.open(directory.file(name.fileName), creating: false)
            defer { file.close() }
            _ = try replaySegment(file, name, identity: directory.identity, isLast: false, nextIndex: &nextIndex, options: options, report: &report, replay)
        }
        let file = try directory.io.open(directory.file(last.fileName), creating: false)
        let end = try replaySegment(file, last, identity: directory.identity, isLast: true, nextIndex: &nextIndex, options: options, report: &report, replay)
        try prepareForAppending(file, end: end, torn: report.tornTail != nil, options: options)
        return WriteAheadLog(
            directory: directory, options: options, recovery: report, segments: segments, file: file, writtenBytes: end,
            nextIndex: nextIndex)
    }

    /// Removes segment files a crash left before they were renamed into place: they were never
    /// part of the log.
    private static func removeTemporarySegments(_ names: [String], in directory: DataDirectory) throws(DurabilityError) -> [String] {
        let temporary = names.filter { $0.hasSuffix(SegmentName.suffix + DataDirectory.temporarySuffix) }
        for name in temporary { try directory.io.remove(directory.file(name)) }
        if !temporary.isEmpty { try directory.io.syncDirectory(directory.path) }
        return temporary
    }

    /// Segments are numbered consecutively: a gap is a lost segment (compaction removes only
    /// the oldest ones, so it never leaves one).
    private static func checkSequence(_ segments: [SegmentName], in directory: DataDirectory) throws(DurabilityError) {
        for (previous, next) in zip(segments, segments.dropFirst()) where next.sequence != previous.sequence + 1 {
            throw DurabilityError(
                .corruption("segment \(next.sequence) follows segment \(previous.sequence): segments are missing"),
                file: directory.file(next.fileName))
        }
    }

    /// Replays one segment's records; returns the offset after its last valid record.
    private static func replaySegment(
        _ file: any IOFile, _ name: SegmentName, identity: StorageIdentity, isLast: Bool, nextIndex: inout UInt64, options: WALOptions,
        report: inout WALRecoveryReport, _ replay: (WALRecord) throws(DurabilityError) -> Void
    ) throws(DurabilityError) -> UInt64 {
        guard name.firstIndex == nextIndex else {
            throw DurabilityError(
                .corruption("the segment starts at record \(name.firstIndex) but the one before it ends before record \(nextIndex)"),
                file: file.path)
        }
        let bytes = try file.read(at: 0, count: Int(try file.size()))
        let header = try FileHeader.decode(bytes, magic: segmentMagic, expected: identity, file: file.path)
        guard header.fields == [name.sequence, name.firstIndex, 0] else {
            throw DurabilityError(
                .badFormat("the header names segment \(header.fields[0]) from record \(header.fields[1]), not the file's name"),
                file: file.path, offset: 32)
        }
        var offset = FileHeader.bytes
        while true {
            let decoded = RecordFrame.decode(bytes, at: offset, expectedIndex: nextIndex, payloadBytesMax: options.recordPayloadBytesMax)
            switch decoded {
            case .record(let kind, let payload, let frameBytes):
                let position = WALPosition(index: nextIndex, segment: name.sequence, offset: UInt64(offset))
                try replay(WALRecord(kind: kind, payload: Array(bytes[payload]), position: position, file: file.path))
                nextIndex += 1
                offset += frameBytes
                report.records += 1
                report.recordBytes += UInt64(frameBytes)
            case .zeros where bytes.isZero(in: offset..<bytes.count):
                guard isLast || offset == bytes.count else {
                    throw DurabilityError(
                        .corruption("\(bytes.count - offset) zero bytes after the last record of a segment that is not the last"),
                        file: file.path, offset: UInt64(offset))
                }
                return UInt64(offset)
            case .zeros:
                report.tornTail = try tornTail(
                    bytes, at: offset, reason: "zeros where a record should start, followed by nonzero bytes", declaredEnd: nil,
                    isLast: isLast, file: file.path, options: options)
                return UInt64(offset)
            case .bad(let reason, let declaredEnd):
                report.tornTail = try tornTail(
                    bytes, at: offset, reason: reason, declaredEnd: declaredEnd, isLast: isLast, file: file.path, options: options)
                return UInt64(offset)
            }
        }
    }

    /// Decides about the first bad bytes of a segment: a torn tail when they are in the last
    /// segment and no valid record follows them, corruption otherwise.
    private static func tornTail(
        _ bytes: [UInt8], at offset: Int, reason: String, declaredEnd: Int?, isLast: Bool, file: String, options: WALOptions
    ) throws(DurabilityError) -> WALRecoveryReport.TornTail {
        guard isLast else {
            throw DurabilityError(
                .corruption("\(reason) in a segment that is not the last (it was synced before the next one began)"), file: file,
                offset: UInt64(offset))
        }
        // A bad header's length cannot be trusted: look for a valid record from the next
        // aligned offset on. An intact header with a bad payload tells where its frame ends.
        let searchFrom = declaredEnd ?? offset + RecordFrame.alignmentBytes
        if let later = RecordFrame.firstValidRecord(in: bytes, from: searchFrom, payloadBytesMax: options.recordPayloadBytesMax) {
            throw DurabilityError(
                .corruption("\(reason), and a valid record follows at byte offset \(later), so this is not a torn write"), file: file,
                offset: UInt64(offset))
        }
        return WALRecoveryReport.TornTail(file: file, offset: UInt64(offset), reason: reason)
    }

    /// Makes the last segment ready for appends at `end`: a torn tail is cut off (truncated,
    /// so no torn bytes remain to be misread later) and the file preallocated again, durably.
    private static func prepareForAppending(_ file: any IOFile, end: UInt64, torn: Bool, options: WALOptions) throws(DurabilityError) {
        let size = try file.size()
        guard torn || size < options.segmentBytesMax else { return }
        if torn { try file.truncate(bytes: end) }
        try file.preallocate(bytes: max(options.segmentBytesMax, end))
        try file.sync()
    }
}
