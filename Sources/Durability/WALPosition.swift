/// Where a record is in the log: its index (0 for the first record ever appended, one more for
/// each record after it, never reused), the segment holding it and its byte offset there.
/// Positions order by index.
public struct WALPosition: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let index: UInt64
    /// The segment's sequence number (its file name's first part).
    public let segment: UInt64
    /// The byte offset of the record's header in the segment file.
    public let offset: UInt64

    public init(index: UInt64, segment: UInt64, offset: UInt64) {
        self.index = index
        self.segment = segment
        self.offset = offset
    }

    public static func < (lhs: WALPosition, rhs: WALPosition) -> Bool {
        (lhs.index, lhs.segment, lhs.offset) < (rhs.index, rhs.segment, rhs.offset)
    }

    public var description: String { "record \(index) (segment \(segment), byte offset \(offset))" }
}
