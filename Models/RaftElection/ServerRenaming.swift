/// A renaming of servers (a permutation of 0..<n), packed for the symmetry hot path: the
/// checker renames every state once per permutation, so the renaming is read from a word
/// (three bits per server) instead of an array.
struct ServerRenaming {
    let count: Int
    /// Server j's new id in bits 3j..<3j+3.
    let targets: UInt64
    /// The inverse: the old id of new server p in bits 3p..<3p+3.
    let sources: UInt64

    init(_ permutation: [Int]) {
        precondition(permutation.count <= ServerSlots<RaftServer>.capacity, "at most five servers")
        var targets: UInt64 = 0
        var sources: UInt64 = 0
        var seen: UInt64 = 0
        for (j, target) in permutation.enumerated() {
            precondition(target >= 0 && target < permutation.count && seen & (1 << UInt64(target)) == 0,
                         "a renaming is a permutation")
            seen |= 1 << UInt64(target)
            targets |= UInt64(target) << UInt64(3 * j)
            sources |= UInt64(j) << UInt64(3 * target)
        }
        count = permutation.count
        self.targets = targets
        self.sources = sources
    }

    /// Server j's new id.
    @inline(__always) subscript(j: Int) -> Int { Int(truncatingIfNeeded: (targets >> UInt64(3 * j)) & 7) }

    /// The server whose new id is `p`.
    @inline(__always) func source(of p: Int) -> Int { Int(truncatingIfNeeded: (sources >> UInt64(3 * p)) & 7) }

    /// A set of servers (bit j for server j) with its members renamed.
    @inline(__always) func mask(_ set: UInt64) -> UInt64 {
        var result: UInt64 = 0
        var rest = set
        while rest != 0 {
            let j = rest.trailingZeroBitCount
            result |= 1 << ((targets >> UInt64(3 * j)) & 7)
            rest &= rest - 1
        }
        return result
    }
}
