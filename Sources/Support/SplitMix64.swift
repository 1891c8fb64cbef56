/// The project's one seeded generator (Steele, Lea & Flood's SplitMix64). Every random choice in
/// the project comes from one of these, seeded by a number printed with any failure, so a seed
/// replays the same draws on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var current: UInt64

    /// The generator's position (its whole state).
    public var state: UInt64 { current }

    @inlinable public init(seed: UInt64) { current = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        let word = current
        current &+= 0x9e37_79b9_7f4a_7c15
        return StableHash.mix(word)
    }

    /// A generator for the `index`-th independent stream of `seed`: each concern of a run (the
    /// network, the clocks, the disks, the workload) draws from its own stream, so adding draws to
    /// one does not shift another's.
    public static func stream(_ seed: UInt64, _ index: Int) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xd1b5_4a32_d192_ed03))
        return SplitMix64(seed: mixer.next())
    }

    /// A generator for the stream named `name` of `seed` (the name's stable hash picks the stream).
    public static func stream(_ seed: UInt64, named name: String) -> SplitMix64 {
        var hasher = StableHasher()
        hasher.combine(name)
        return stream(seed, Int(truncatingIfNeeded: hasher.finalized))
    }

    /// Uniform in 0..<bound (bound > 0), without modulo bias (Lemire's method, as the standard
    /// library's `next(upperBound:)`).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "SplitMix64.below needs a positive bound")
        return Int(truncatingIfNeeded: next(upperBound: UInt64(bound)))
    }

    /// Uniform in `range` (not empty).
    public mutating func inRange(_ range: Range<Int>) -> Int {
        precondition(!range.isEmpty, "SplitMix64.inRange needs a non-empty range")
        return range.lowerBound + below(range.count)
    }

    /// True with probability `percent` / 100.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}
