/// Symmetry reduction: the canonical representative of a state's orbit.
///
/// The representative's encoding is the lexicographic minimum of the encodings of all the
/// permuted copies of the state (all n! renamings of n interchangeable identifiers, n ≤ 6), so
/// two states share a fingerprint exactly when one is a renaming of the other: the reduction is
/// exact per orbit, and counts are orbit counts, as TLC's symmetric counts are.
public enum Symmetry {
    public static let maximumIdentifiers = 6

    /// Every permutation of 0..<count, the identity first, in lexicographic order.
    public static func permutations(of count: Int) -> [[Int]] {
        precondition(count >= 0 && count <= maximumIdentifiers, "symmetry supports up to \(maximumIdentifiers) identifiers")
        var result: [[Int]] = []
        var current = Array(0..<count)
        func visit(_ position: Int, _ remaining: [Int]) {
            if remaining.isEmpty {
                result.append(current)
                return
            }
            for (index, value) in remaining.enumerated() {
                current[position] = value
                var rest = remaining
                rest.remove(at: index)
                visit(position + 1, rest)
            }
        }
        visit(0, Array(0..<count))
        return result
    }

    /// Writes the canonical encoding of `state` into `best` (using `scratch` as working space).
    @inlinable
    public static func canonicalEncoding<M: Model>(
        of state: M.State, model: M, permutations: [[Int]],
        best: inout StateEncoder, scratch: inout StateEncoder
    ) {
        best.reset()
        model.encode(state, into: &best)
        for permutation in permutations.dropFirst() {
            scratch.reset()
            model.encode(model.permuting(state, by: permutation), into: &scratch)
            if scratch.precedes(best) { swap(&best, &scratch) }
        }
    }
}
