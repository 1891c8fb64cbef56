import Glibc

/// Everything that can go wrong with stored data, as one typed error. Its `description` is one
/// line naming the file, the byte offset where it applies, and what is wrong, so that a node
/// that refuses to start says exactly where to look.
public struct DurabilityError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// A system call failed (`operation` is what was attempted, `code` the errno).
        case ioFailed(operation: String, code: Int32)
        /// A write or preallocation failed because the disk is full (ENOSPC).
        case noSpace(operation: String)
        /// The directory holds files but no identity file: it is not a data directory of ours.
        case notOurDirectory(found: [String])
        /// The file names another cluster than the one this node belongs to.
        case foreignCluster(expected: UInt64, found: UInt64)
        /// The file belongs to another data directory of the same cluster (another node's).
        case foreignDirectory(expected: UInt64, found: UInt64)
        /// The file is not in our format: wrong magic, version, size or header checksum.
        case badFormat(String)
        /// Stored data is damaged where a crash cannot explain it (synced data would be lost).
        case corruption(String)
        /// A snapshot file ends before its declared length.
        case truncatedSnapshot(expectedBytes: UInt64, foundBytes: UInt64)
        /// A record or snapshot larger than its limit.
        case tooLarge(bytes: Int, limit: Int)
        /// The caller's replay refused a record's content (see `invalidRecord(_:reason:)`).
        case invalidRecord(String)
        /// The log failed earlier (a failed write or sync leaves the file in an unknown state,
        /// and a failed fsync must never be retried), or was closed.
        case unusable(String)
    }

    public let kind: Kind
    /// The file (or directory) concerned, as a path.
    public let file: String
    /// The byte offset in `file` where the problem is, when there is one.
    public let offset: UInt64?

    public init(_ kind: Kind, file: String, offset: UInt64? = nil) {
        self.kind = kind
        self.file = file
        self.offset = offset
    }

    /// The error a replay callback throws when a record's content does not decode: it names the
    /// record's file and offset.
    public static func invalidRecord(_ record: WALRecord, reason: String) -> DurabilityError {
        DurabilityError(.invalidRecord(reason), file: record.file, offset: record.position.offset)
    }

    /// The error for a failed system call, `ENOSPC` told apart.
    static func system(_ operation: String, file: String, offset: UInt64? = nil, code: Int32 = errno) -> DurabilityError {
        if code == ENOSPC { return DurabilityError(.noSpace(operation: operation), file: file, offset: offset) }
        return DurabilityError(.ioFailed(operation: operation, code: code), file: file, offset: offset)
    }

    public var description: String {
        let place = file + (offset.map { ": byte offset \($0)" } ?? "")
        return place + ": " + problem
    }

    /// What is wrong, in one line.
    public var problem: String {
        switch kind {
        case .ioFailed(let operation, let code):
            return "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .noSpace(let operation):
            return "\(operation) failed: no space left on device (ENOSPC); nothing was overwritten"
        case .notOurDirectory(let found):
            let shown = found.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
            return "not a data directory of ours: it holds \(found.count) entries (\(shown)\(found.count > 3 ? ", ..." : "")) but no identity file"
        case .foreignCluster(let expected, let found):
            return "belongs to cluster \(hex(found)), not to this node's cluster \(hex(expected))"
        case .foreignDirectory(let expected, let found):
            return "belongs to data directory \(hex(found)), not to this one (\(hex(expected)))"
        case .badFormat(let what):
            return "not in our format: \(what)"
        case .corruption(let what):
            return "corruption: \(what); refusing to start"
        case .truncatedSnapshot(let expected, let found):
            return "truncated snapshot: \(found) bytes where the header declares \(expected)"
        case .tooLarge(let bytes, let limit):
            return "\(bytes) bytes exceed the limit of \(limit) bytes"
        case .invalidRecord(let reason):
            return "invalid record content: \(reason)"
        case .unusable(let why):
            return "log unusable: \(why)"
        }
    }

    private func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}
