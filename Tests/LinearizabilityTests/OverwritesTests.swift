@testable import Linearizability
import Support
import Testing

/// `Overwrites` (blind writes placed at once where the value they end is dead, dead values
/// memoized as one) against brute force on small random kv histories with many writes no get
/// observes: every combination of the options that shape the search must give brute force's
/// verdict, with a witness that replays.
@Suite("Overwrites: writes no read observes are placed soundly")
struct OverwritesTests {
    typealias KV = KeyValueSpecification
    typealias Op = Operation<KV.Input, KV.Output>

    static let historiesPerSeed = 20

    /// A history run against a real map in a random order that respects real time, with two
    /// writes for every get (most of them appends), so that many writes go unobserved. Pieces are unique tokens, or
    /// short ones ("a", "b", "ab") that occur inside other values and repeat, so that prefixes,
    /// windows and repeated values are all exercised. Half the time one get then reads another
    /// value its key held, or one nobody wrote.
    static func history(_ random: inout SplitMix64) -> [Op] {
        let shapes = DifferentialTests.shape(&random, processes: 2 + random.below(4), count: 2 + random.below(9))
        var operations: [Op] = []
        for (id, shape) in shapes.enumerated() {
            let key = random.below(2)
            let pieces = ["a", "b", "ab", "t\(id)."]
            let piece = pieces[random.below(pieces.count)]
            let input: KV.Input
            switch random.below(6) {
            case 0, 1: input = .get(key: key)
            case 2: input = .put(key: key, value: piece)
            default: input = .append(key: key, value: piece)
            }
            operations.append(Op(id: id, process: shape.process, callTime: shape.call, returnTime: shape.ret, input: input, output: nil))
        }
        return KeyValueHistoryRun.realize(operations, &random)
    }

    /// Overwrites on and off, with and without read order, partitioned, whole by locality and
    /// plain whole, uncut, cut everywhere, and cut everywhere carrying one configuration.
    static let modes: [LinearizabilityOptions] = {
        var modes: [LinearizabilityOptions] = []
        for overwrites in [true, false] {
            for readOrder in [true, false] {
                for (partitioned, locality) in [(true, true), (false, true), (false, false)] {
                    for (cut, carried) in [(256, 64), (1, 64), (1, 1)] {
                        modes.append(LinearizabilityOptions(
                            partitioned: partitioned, locality: locality, cutOperationsMin: cut, carriedConfigurationsMax: carried,
                            readOrder: readOrder, overwrites: overwrites))
                    }
                }
            }
        }
        return modes
    }()

    @Test("every option combination agrees with brute force", arguments: 0..<6 as Range<UInt64>)
    func agreesWithBruteForce(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 17_000)
        let spec = KV(keys: ["a", "b"])
        var outcomes = [0, 0]
        var withBlind = 0
        for index in 0..<Self.historiesPerSeed {
            let history = Self.history(&random)
            let expected = BruteForceChecker.isLinearizable(spec, history: history)
            outcomes[expected ? 0 : 1] += 1
            if spec.overwrites(among: history) != nil { withBlind += 1 }
            for (number, options) in Self.modes.enumerated() {
                let result = LinearizabilityChecker.check(spec, history: history, options: options)
                #expect(result.outcome == (expected ? .ok : .illegal), "seed \(seed), history \(index), mode \(number)")
                if result.outcome == .ok { #expect(DifferentialTests.replays(spec, history, result), "seed \(seed), \(index): witness") }
            }
        }
        #expect(outcomes[0] > 0 && outcomes[1] > 0, "seed \(seed) drew both outcomes: \(outcomes)")
        #expect(withBlind > Self.historiesPerSeed / 2, "seed \(seed): blind writes in \(withBlind) histories")
    }

    /// Which writes are blind: a put whose value no get's value begins with, an append whose
    /// piece occurs in no get's value; a key with a value that is not ASCII has none.
    @Test("blind writes are the puts and appends no get's value can contain")
    func blindWrites() throws {
        let spec = KV(keys: ["a", "b"])
        func blind(_ writes: [KV.Input], reads: [(key: Int, value: String)]) -> [Int]? {
            var history = writes.enumerated().map { Op(id: $0, process: $0, callTime: 0, returnTime: 1, input: $1, output: .done) }
            for (offset, read) in reads.enumerated() {
                let id = writes.count + offset
                history.append(Op(id: id, process: id, callTime: 2, returnTime: 3, input: .get(key: read.key), output: .value(read.value)))
            }
            return spec.overwrites(among: history).map { $0.blindObjects.keys.sorted() }
        }
        // "xy" begins with "x" (not blind); "y" begins no value (blind).
        #expect(blind([.put(key: 0, value: "x"), .put(key: 0, value: "y")], reads: [(0, "xy")]) == [1])
        // "y" occurs in "xyz" (not blind), "q" nowhere, "zz" nowhere (a window of length 2).
        #expect(blind([.append(key: 0, value: "y"), .append(key: 0, value: "q"), .append(key: 0, value: "zz")], reads: [(0, "xyz")]) == [1, 2])
        // An append of "" occurs in every value; with no get of the key, every write is blind.
        #expect(blind([.append(key: 0, value: ""), .put(key: 1, value: "x")], reads: [(0, "x")]) == [1])
        #expect(blind([.put(key: 0, value: "x")], reads: [(0, "x")]) == nil)
        // Canonical equivalence: "\u{212A}" (Kelvin) equals "K" as a string, not as bytes.
        #expect(blind([.put(key: 0, value: "K"), .put(key: 0, value: "y")], reads: [(0, "\u{212A}")]) == nil)
        #expect(blind([.put(key: 0, value: "\u{212A}"), .put(key: 1, value: "y")], reads: [(0, "K"), (1, "x")]) == [1])

        let history = [
            Op(id: 0, process: 0, callTime: 0, returnTime: 1, input: .put(key: 0, value: "x"), output: .done),
            Op(id: 1, process: 1, callTime: 0, returnTime: 1, input: .put(key: 0, value: "q"), output: .done),
            Op(id: 2, process: 2, callTime: 2, returnTime: 3, input: .get(key: 0), output: .value("xy")),
        ]
        let found = try #require(spec.overwrites(among: history))
        let dead = KV.State().setting(0, to: "q")
        let alive = KV.State().setting(0, to: "x")
        #expect(found.isDead(dead, 0) && !found.isDead(alive, 0) && !found.isDead(KV.State(), 0))
        // Two dead values memoize as one; a live value is its own canonical form.
        #expect(found.canonical(dead) == found.canonical(KV.State().setting(0, to: "qq")))
        #expect(found.canonical(dead) != nil && found.canonical(alive) == nil)
    }

    /// A blind put ends the empty value, and an append concurrent with it belongs after the put
    /// that follows: placed at once after the blind put (as it would be, were it blind itself),
    /// it would leave "ba" and then "t.", and the get of "t.a" could not be explained.
    @Test("an append seen inside a value is not placed early")
    func appendSeenInsideAValue() {
        let spec = KV(keys: ["a"])
        let history = [
            Op(id: 0, process: 0, callTime: 0, returnTime: 1, input: .put(key: 0, value: "b"), output: .done),
            Op(id: 1, process: 0, callTime: 2, returnTime: 3, input: .put(key: 0, value: "t."), output: .done),
            Op(id: 2, process: 1, callTime: 0, returnTime: 5, input: .append(key: 0, value: "a"), output: .done),
            Op(id: 3, process: 2, callTime: 6, returnTime: 7, input: .get(key: 0), output: .value("t.a")),
        ]
        #expect(spec.overwrites(among: history)?.blindObjects == [0: 0])
        #expect(BruteForceChecker.isLinearizable(spec, history: history))
        for options in Self.modes {
            let result = LinearizabilityChecker.check(spec, history: history, options: options)
            #expect(result.outcome == .ok)
            #expect(DifferentialTests.replays(spec, history, result))
        }
    }

    /// One get between two observed puts and eight blind puts concurrent with all of them: without
    /// the rule the search memoizes the subsets of the blind puts placed before and after the
    /// gets' values (1,045 configurations); with it, 50. The figures are the search's own.
    @Test("concurrent blind writes are placed once, not in every subset")
    func concurrentBlindWrites() {
        let spec = KV(keys: ["a"])
        let blind = 8
        var history = [
            Op(id: 0, process: 0, callTime: 0, returnTime: 20, input: .put(key: 0, value: "v"), output: .done),
            Op(id: 1, process: 1, callTime: 0, returnTime: 20, input: .get(key: 0), output: .value("v")),
            Op(id: 2, process: 2, callTime: 0, returnTime: 20, input: .put(key: 0, value: "w"), output: .done),
            Op(id: 3, process: 3, callTime: 21, returnTime: 22, input: .get(key: 0), output: .value("w")),
        ]
        for index in 0..<blind {
            history.append(Op(id: 4 + index, process: 4 + index, callTime: 0, returnTime: 20, input: .put(key: 0, value: "b\(index)"), output: .done))
        }
        var plain = LinearizabilityOptions()
        plain.overwrites = false
        let with = LinearizabilityChecker.check(spec, history: history)
        let without = LinearizabilityChecker.check(spec, history: history, options: plain)
        #expect(with.outcome == .ok && without.outcome == .ok)
        #expect(DifferentialTests.replays(spec, history, with))
        #expect(with.statesExplored == 50, "with: \(with.statesExplored)")
        #expect(without.statesExplored == 1_045, "without: \(without.statesExplored)")
    }
}
