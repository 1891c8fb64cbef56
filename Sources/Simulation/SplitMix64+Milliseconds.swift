import Support

extension SplitMix64 {
    /// A duration uniform in `range` (simulated milliseconds).
    mutating func inRange(_ range: Range<Int64>) -> Int64 {
        Int64(inRange(Int(range.lowerBound)..<Int(range.upperBound)))
    }
}
