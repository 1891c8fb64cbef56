/// TLC's optimistic estimate of the chance that a run stored two distinct states under one
/// 64-bit fingerprint (and so skipped one of them).
public enum CollisionEstimate {
    /// distinct × (generated − distinct) / 2^64.
    public static func probability(distinct: Int, generated: Int) -> Double {
        let n = Double(distinct)
        let m = Double(max(generated, distinct))
        return n * (m - n) / 18_446_744_073_709_551_616.0
    }
}
