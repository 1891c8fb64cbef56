/// An entry's place in a log: its index and the term of the leader that created it. By the Log
/// Matching property (§5.3) a position names one entry and the whole log before it.
public struct LogPosition: Hashable, Sendable, CustomStringConvertible {
    public var index: UInt64
    public var term: UInt64

    public init(index: UInt64, term: UInt64) {
        self.index = index
        self.term = term
    }

    /// The position before the first entry of an empty log.
    public static let zero = LogPosition(index: 0, term: 0)

    public var description: String { "\(index)@\(term)" }
}
