/// One entry of the replicated log: the command `data` (empty for the entry a new leader appends
/// on election, §5.4.2), at `index`, created by the leader of `term`.
public struct LogEntry: Hashable, Sendable, CustomStringConvertible {
    public var term: UInt64
    public var index: UInt64
    public var data: [UInt8]

    public init(term: UInt64, index: UInt64, data: [UInt8] = []) {
        self.term = term
        self.index = index
        self.data = data
    }

    public var position: LogPosition { LogPosition(index: index, term: term) }

    /// Bytes an entry is charged for in message and Ready size limits: its data plus its index
    /// and term, so that empty entries are not free.
    public static let headerByteCount = 16
    public var byteCount: Int { data.count + Self.headerByteCount }

    public var description: String { "\(index)@\(term)[\(data.count)B]" }
}
