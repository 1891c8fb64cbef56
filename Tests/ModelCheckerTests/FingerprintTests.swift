import ModelChecker
import Testing
import Support

@Suite("Fingerprints")
struct FingerprintTests {
    /// These values were computed once by this implementation; a fingerprint that depended on
    /// the process (Swift's seeded Hasher, an address) could not match them in a new process,
    /// and a different machine or byte order would show here too.
    @Test("fingerprints are stable across processes and machines", arguments: [
        ([UInt8](), UInt64(0xee67_4fc6_23b6_a5a1)),
        ([0], UInt64(0x4fd4_cb3d_1919_e9e5)),
        (Array("two-phase-commit".utf8), UInt64(0x042a_b9d4_c18c_5929)),
        (Array(0..<40), UInt64(0x8976_8be9_8f5c_4493)),
    ])
    func stable(bytes: [UInt8], expected: UInt64) {
        #expect(StableHash.of(bytes) == expected, "got 0x\(String(StableHash.of(bytes), radix: 16))")
    }

    @Test("no fingerprint is zero, and small changes scatter")
    func distinct() {
        var seen: Set<UInt64> = []
        for a in 0..<64 {
            for b in 0..<64 {
                let value = StableHash.of([UInt8(a), UInt8(b)])
                #expect(value != 0)
                seen.insert(value)
            }
        }
        #expect(seen.count == 64 * 64)
        // Prefixes and lengths are told apart.
        #expect(StableHash.of([0]) != StableHash.of([0, 0]))
    }

    @Test("the collision estimate is TLC's optimistic one")
    func collisionEstimate() {
        let estimate = CollisionEstimate.probability(distinct: 1_000_000, generated: 5_000_000)
        #expect(abs(estimate - 1e6 * 4e6 / 18_446_744_073_709_551_616.0) < 1e-20)
    }
}
