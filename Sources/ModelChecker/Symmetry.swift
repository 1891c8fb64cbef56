/// Symmetry reduction: the canonical representative of a state's orbit.
///
/// The representative is the renamed copy of the state with the lexicographically least
/// encoding among the renamings that sort the identifiers by the model's
/// `symmetrySignature` (all n! renamings of n ≤ 6 identifiers when the model gives none).
/// Renaming a state permutes its signatures, so every state of an orbit has the same set of
/// sorted copies and the same least one: two states share a fingerprint exactly when one is a
/// renaming of the other. The reduction is exact per orbit and counts are orbit counts, as
/// TLC's symmetric counts are; the signatures only spare the encodings of renamings that
/// cannot be the representative (with distinct signatures, one renaming instead of n!).
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
        let count = model.symmetricIdentifierCount
        precondition(count <= maximumIdentifiers && permutations.first?.count == count,
                     "the permutations rename the model's identifiers")
        assert(isIdentity(permutations[0]), "the identity comes first")
        var signatures = SIMD8<UInt64>(repeating: 0)
        var distinct = true
        for identifier in 0..<count {
            signatures[identifier] = model.symmetrySignature(of: state, identifier: identifier)
            for earlier in 0..<identifier where signatures[earlier] == signatures[identifier] { distinct = false }
        }
        var found = false
        // The identity is the first permutation: it needs no renaming.
        for (index, permutation) in permutations.enumerated() where sorts(signatures, count: count, by: permutation) {
            if !found {
                best.reset()
                encode(state, model: model, renamedBy: permutation, identity: index == 0, into: &best)
                found = true
                // Distinct signatures: exactly one renaming sorts them.
                if distinct { return }
            } else {
                scratch.reset()
                encode(state, model: model, renamedBy: permutation, identity: index == 0, into: &scratch)
                if scratch.precedes(best) { swap(&best, &scratch) }
            }
        }
        precondition(found, "some renaming sorts any list of signatures")
    }

    /// Whether renaming identifier i to `permutation[i]` puts the signatures in ascending order.
    @inlinable @inline(__always)
    static func sorts(_ signatures: SIMD8<UInt64>, count: Int, by permutation: [Int]) -> Bool {
        var renamed = SIMD8<UInt64>(repeating: 0)
        for identifier in 0..<count { renamed[permutation[identifier]] = signatures[identifier] }
        for position in 1..<max(1, count) where renamed[position - 1] > renamed[position] { return false }
        return true
    }

    @inlinable @inline(__always)
    static func encode<M: Model>(_ state: M.State, model: M, renamedBy permutation: [Int], identity: Bool,
                                 into encoder: inout StateEncoder) {
        assert(identity == isIdentity(permutation), "the identity is the first permutation")
        if identity {
            model.encode(state, into: &encoder)
        } else {
            model.encode(state, renamedBy: permutation, into: &encoder)
        }
    }

    @inlinable @inline(__always)
    static func isIdentity(_ permutation: [Int]) -> Bool {
        for (index, target) in permutation.enumerated() where index != target { return false }
        return true
    }
}
