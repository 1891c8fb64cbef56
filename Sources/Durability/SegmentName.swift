/// A segment's file name, `%016x-%016x.wal`: its sequence number and the index of its first
/// record (etcd's naming, so `ls` lists segments in order).
struct SegmentName: Equatable, Comparable {
    static let suffix = ".wal"

    let sequence: UInt64
    let firstIndex: UInt64

    init(sequence: UInt64, firstIndex: UInt64) {
        self.sequence = sequence
        self.firstIndex = firstIndex
    }

    /// Parses a directory entry; nil for anything that is not a segment's name.
    init?(fileName: String) {
        let utf8 = Array(fileName.utf8)
        guard utf8.count == 16 + 1 + 16 + SegmentName.suffix.utf8.count, fileName.hasSuffix(SegmentName.suffix),
            utf8[16] == UInt8(ascii: "-"),
            let sequence = SegmentName.hex(utf8[0..<16]), let firstIndex = SegmentName.hex(utf8[17..<33])
        else { return nil }
        self.init(sequence: sequence, firstIndex: firstIndex)
    }

    var fileName: String { SegmentName.padded(sequence) + "-" + SegmentName.padded(firstIndex) + SegmentName.suffix }

    static func < (lhs: SegmentName, rhs: SegmentName) -> Bool { lhs.sequence < rhs.sequence }

    static func padded(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Sixteen lowercase hex digits, as `padded` writes them (no other spelling is ours).
    private static func hex(_ digits: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for digit in digits {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt64(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt64(digit - UInt8(ascii: "a") + 10)
            default: return nil
            }
        }
        return value
    }
}
