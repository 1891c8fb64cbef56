/// Snapshot files in a data directory, one per label (`%016x.snap`, so names sort by label).
/// Each is a `FileHeader` (fields: label, payload length, payload CRC-32C) followed by the
/// payload. Saved atomically: written to a temporary file, fsynced, renamed into place, the
/// directory fsynced, so that after a crash a snapshot file is absent or whole. Loading checks
/// the header, the length (a short file is a truncated snapshot) and the payload's checksum.
public struct SnapshotStore {
    public static let suffix = ".snap"
    static let magic = "SWIFTSNP"

    public let directory: DataDirectory
    /// The largest payload saved or loaded.
    public let payloadBytesMax: Int

    public init(directory: DataDirectory, payloadBytesMax: Int = 1 << 30) {
        precondition(payloadBytesMax > 0, "snapshots may carry a payload")
        self.directory = directory
        self.payloadBytesMax = payloadBytesMax
    }

    /// Saves a snapshot durably and returns its path. A failure (a full disk) leaves every
    /// existing file as it was.
    @discardableResult
    public func save(label: UInt64, payload: [UInt8]) throws(DurabilityError) -> String {
        let name = SnapshotStore.fileName(label)
        guard payload.count <= payloadBytesMax else {
            throw DurabilityError(.tooLarge(bytes: payload.count, limit: payloadBytesMax), file: directory.file(name))
        }
        let fields = [label, UInt64(payload.count), UInt64(CRC32C.checksum(payload))]
        let header = FileHeader(magic: SnapshotStore.magic, identity: directory.identity, fields: fields)
        try directory.writeAtomically(name, parts: [header.encoded, payload])
        return directory.file(name)
    }

    /// The labels of the stored snapshots, ascending.
    public func labels() throws(DurabilityError) -> [UInt64] {
        let names = try directory.io.entries(ofDirectory: directory.path) ?? []
        return names.compactMap(SnapshotStore.label(ofFileName:)).sorted()
    }

    /// The snapshot with the highest label, or nil when there is none. A damaged latest
    /// snapshot is an error, not a reason to fall back silently to an older one.
    public func loadLatest() throws(DurabilityError) -> StoredSnapshot? {
        guard let label = try labels().last else { return nil }
        return try load(label: label)
    }

    /// Loads and verifies one snapshot.
    public func load(label: UInt64) throws(DurabilityError) -> StoredSnapshot {
        let path = directory.file(SnapshotStore.fileName(label))
        let file = try directory.io.open(path, creating: false)
        defer { file.close() }
        let size = try file.size()
        guard size >= UInt64(FileHeader.bytes) else {
            throw DurabilityError(.truncatedSnapshot(expectedBytes: UInt64(FileHeader.bytes), foundBytes: size), file: path, offset: size)
        }
        let header = try FileHeader.decode(
            try file.read(at: 0, count: FileHeader.bytes), magic: SnapshotStore.magic, expected: directory.identity, file: path)
        let length = header.fields[1]
        guard header.fields[0] == label else {
            throw DurabilityError(.badFormat("the header names snapshot \(header.fields[0]), not the file's name"), file: path, offset: 32)
        }
        guard length <= UInt64(payloadBytesMax) else {
            throw DurabilityError(.tooLarge(bytes: Int(clamping: length), limit: payloadBytesMax), file: path, offset: 40)
        }
        let expected = UInt64(FileHeader.bytes) + length
        guard size >= expected else {
            throw DurabilityError(.truncatedSnapshot(expectedBytes: expected, foundBytes: size), file: path, offset: size)
        }
        guard size == expected else {
            throw DurabilityError(.badFormat("\(size - expected) bytes after the declared payload"), file: path, offset: expected)
        }
        let payload = try file.read(at: UInt64(FileHeader.bytes), count: Int(length))
        guard UInt64(CRC32C.checksum(payload)) == header.fields[2] else {
            throw DurabilityError(.corruption("snapshot payload checksum mismatch"), file: path, offset: UInt64(FileHeader.bytes))
        }
        return StoredSnapshot(label: label, payload: payload, file: path)
    }

    /// Removes the snapshots labelled below `label` and temporary files a crash left, then
    /// syncs the directory. Returns the paths removed.
    @discardableResult
    public func remove(before label: UInt64) throws(DurabilityError) -> [String] {
        let names = try directory.io.entries(ofDirectory: directory.path) ?? []
        let doomed = names.filter { name in
            if name.hasSuffix(SnapshotStore.suffix + DataDirectory.temporarySuffix) { return true }
            return SnapshotStore.label(ofFileName: name).map { $0 < label } ?? false
        }
        for name in doomed { try directory.io.remove(directory.file(name)) }
        if !doomed.isEmpty { try directory.io.syncDirectory(directory.path) }
        return doomed.map(directory.file)
    }

    static func fileName(_ label: UInt64) -> String { SegmentName.padded(label) + suffix }

    static func label(ofFileName name: String) -> UInt64? {
        guard name.utf8.count == 16 + suffix.utf8.count, name.hasSuffix(suffix) else { return nil }
        let digits = name.prefix(16)
        guard digits.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        return UInt64(digits, radix: 16)
    }
}
