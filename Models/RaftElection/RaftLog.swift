/// A server's log as raft.tla has it (a sequence of `[term, value]` records), packed into one
/// word: entry k (1-based) is byte k-1, holding the entry's term in its high nibble and the index
/// of its value in `Value` in its low nibble.
///
/// Terms start at 1, so every entry byte is nonzero and the length is the number of bytes up
/// to the highest nonzero one. Packing makes a log a plain integer: copying, comparing,
/// hashing and encoding it cost nothing, and a message can carry a whole log (raft.tla's
/// `mlog` history field) for free.
public struct RaftLog: Hashable, Comparable, Sendable {
    /// The longest log the packing holds. The model's bound stays one below it, because a
    /// successor that the constraint discards may hold one entry more than the bound.
    public static let capacity = 8
    /// Terms must fit the high nibble.
    public static let maximumTerm = 15
    /// Value indexes must fit the low nibble.
    public static let maximumValues = 16

    public private(set) var bits: UInt64

    public static let empty = RaftLog(bits: 0)

    public init(bits: UInt64) {
        self.bits = bits
    }

    /// One entry, as a byte: the term in the high nibble, the value index in the low one.
    public static func entry(term: Int, value: Int) -> UInt8 {
        precondition(term >= 1 && term <= maximumTerm, "entry terms are 1...\(maximumTerm)")
        precondition(value >= 0 && value < maximumValues, "value indexes are 0..<\(maximumValues)")
        return UInt8(term << 4 | value)
    }

    public static func term(ofEntry entry: UInt8) -> Int { Int(entry >> 4) }
    public static func value(ofEntry entry: UInt8) -> Int { Int(entry & 0x0F) }

    /// `Len(log)`.
    public var count: Int { (64 - bits.leadingZeroBitCount + 7) / 8 }

    public var isEmpty: Bool { bits == 0 }

    /// `log[index]` as an entry byte (1-based, as in TLA+).
    public subscript(index: Int) -> UInt8 {
        precondition(index >= 1 && index <= count, "log index \(index) is outside 1...\(count)")
        return UInt8(truncatingIfNeeded: bits >> UInt64(8 * (index - 1)))
    }

    /// `log[index].term`.
    public func term(at index: Int) -> Int { Self.term(ofEntry: self[index]) }

    /// raft.tla's `LastTerm(log)`: the term of the last entry, or 0 when the log is empty.
    public var lastTerm: Int { isEmpty ? 0 : term(at: count) }

    /// `Append(log, entry)`.
    public func appending(_ entry: UInt8) -> RaftLog {
        precondition(entry != 0, "an entry byte is never zero")
        let length = count
        precondition(length < Self.capacity, "a packed log holds at most \(Self.capacity) entries")
        return RaftLog(bits: bits | UInt64(entry) << UInt64(8 * length))
    }

    /// The log without its last entry (raft.tla's conflict handling removes one at a time).
    public func removingLast() -> RaftLog {
        let length = count
        precondition(length > 0, "cannot remove an entry from an empty log")
        return RaftLog(bits: bits & ~(UInt64(0xFF) << UInt64(8 * (length - 1))))
    }

    /// `SubSeq(log, 1, length)`.
    public func prefix(_ length: Int) -> RaftLog {
        precondition(length >= 0 && length <= count)
        return length >= 8 ? self : RaftLog(bits: bits & ((1 << UInt64(8 * length)) - 1))
    }

    /// The entry bytes, first to last.
    public var entries: [UInt8] { count == 0 ? [] : (1...count).map { self[$0] } }

    public static func < (lhs: RaftLog, rhs: RaftLog) -> Bool { lhs.bits < rhs.bits }
}
