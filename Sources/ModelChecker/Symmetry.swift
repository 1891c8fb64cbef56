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

    /// Each permutation's inverse packed into a word, three bits per position: bits 3p..<3p+3
    /// hold the identifier that `permutation` renames to p. The search builds these once and
    /// tests every state's renamings against them (no array is touched per renaming).
    public static func packedInverses(of permutations: [[Int]]) -> [UInt64] {
        permutations.map { permutation in
            var word: UInt64 = 0
            for (identifier, target) in permutation.enumerated() {
                precondition(target >= 0 && target < maximumIdentifiers, "a permutation of at most \(maximumIdentifiers) identifiers")
                word |= UInt64(identifier) << UInt64(3 * target)
            }
            return word
        }
    }

    /// Writes the canonical encoding of `state` into `best` (using `scratch` as working space).
    @inlinable
    public static func canonicalEncoding<M: Model>(
        of state: M.State, model: M, permutations: [[Int]],
        best: inout StateEncoder, scratch: inout StateEncoder
    ) {
        canonicalEncoding(of: state, model: model, permutations: permutations, inverses: packedInverses(of: permutations),
                          best: &best, scratch: &scratch)
    }

    /// The same with the permutations' `packedInverses` given (the search's hot path).
    @inlinable
    public static func canonicalEncoding<M: Model>(
        of state: M.State, model: M, permutations: [[Int]], inverses: [UInt64],
        best: inout StateEncoder, scratch: inout StateEncoder
    ) {
        let count = model.symmetricIdentifierCount
        precondition(count <= maximumIdentifiers && permutations.first?.count == count && inverses.count == permutations.count,
                     "the permutations rename the model's identifiers")
        assert(isIdentity(permutations[0]), "the identity comes first")
        var signatures = Signatures()
        var distinct = true
        for identifier in 0..<count {
            let signature = model.symmetrySignature(of: state, identifier: identifier)
            for earlier in 0..<identifier where signatures[earlier] == signature { distinct = false }
            signatures[identifier] = signature
        }
        var found = false
        // The identity is the first permutation: it needs no renaming.
        for index in inverses.indices where sorts(signatures, count: count, inverse: inverses[index]) {
            if !found {
                best.reset()
                encode(state, model: model, renamedBy: permutations[index], identity: index == 0, into: &best)
                found = true
                // Distinct signatures: exactly one renaming sorts them.
                if distinct { return }
            } else {
                scratch.reset()
                encode(state, model: model, renamedBy: permutations[index], identity: index == 0, into: &scratch)
                if scratch.precedes(best) { swap(&best, &scratch) }
            }
        }
        precondition(found, "some renaming sorts any list of signatures")
    }

    /// The signatures of up to six identifiers, in plain stored words: a SIMD vector indexed by
    /// a variable spills to memory at every access.
    @usableFromInline struct Signatures {
        @usableFromInline var s0: UInt64 = 0, s1: UInt64 = 0, s2: UInt64 = 0, s3: UInt64 = 0, s4: UInt64 = 0, s5: UInt64 = 0

        @inlinable init() {}

        @inlinable subscript(identifier: Int) -> UInt64 {
            @inline(__always) get {
                switch identifier {
                case 0: return s0
                case 1: return s1
                case 2: return s2
                case 3: return s3
                case 4: return s4
                case 5: return s5
                default: preconditionFailure("identifier \(identifier) is outside 0..<\(Symmetry.maximumIdentifiers)")
                }
            }
            @inline(__always) set {
                switch identifier {
                case 0: s0 = newValue
                case 1: s1 = newValue
                case 2: s2 = newValue
                case 3: s3 = newValue
                case 4: s4 = newValue
                case 5: s5 = newValue
                default: preconditionFailure("identifier \(identifier) is outside 0..<\(Symmetry.maximumIdentifiers)")
                }
            }
        }
    }

    /// Whether the renaming whose packed inverse is `inverse` puts the signatures in ascending
    /// order: the identifiers it renames to positions 0, 1, 2, ... have ascending signatures.
    @inlinable @inline(__always)
    static func sorts(_ signatures: Signatures, count: Int, inverse: UInt64) -> Bool {
        var previous = signatures[Int(truncatingIfNeeded: inverse & 7)]
        for position in stride(from: 1, to: count, by: 1) {
            let current = signatures[Int(truncatingIfNeeded: (inverse >> UInt64(3 * position)) & 7)]
            if previous > current { return false }
            previous = current
        }
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
