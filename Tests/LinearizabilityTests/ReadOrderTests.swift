@testable import Linearizability
import Support
import Testing

/// `ReadOrder` (narrowing by the one write each get can have read) against brute force on small
/// random kv histories whose writes carry unique values, so that most gets have a source: every
/// combination of the options that shape the search must give brute force's verdict.
@Suite("Read order: the write a get observed narrows the intervals soundly")
struct ReadOrderTests {
    typealias KV = KeyValueSpecification
    typealias Op = Operation<KV.Input, KV.Output>

    static let historiesPerSeed = 40

    /// A history run against a real map in a random order that respects real time (each call
    /// takes effect at a random point of its interval), so its gets read true values; then, half
    /// the time, one get reads another value the key held, or a value nobody wrote.
    static func history(_ random: inout SplitMix64, seed: UInt64) -> [Op] {
        let shapes = DifferentialTests.shape(&random, processes: 2 + random.below(4), count: 2 + random.below(9))
        var operations: [Op] = []
        var token = 0
        for (id, shape) in shapes.enumerated() {
            let key = random.below(2)
            token += 1
            let input: KV.Input
            switch random.below(3) {
            case 0: input = .get(key: key)
            case 1: input = .put(key: key, value: "t\(token).")
            default: input = .append(key: key, value: "t\(token).")
            }
            operations.append(Op(id: id, process: shape.process, callTime: shape.call, returnTime: shape.ret, input: input, output: nil))
        }
        return KeyValueHistoryRun.realize(operations, &random)
    }

    static let modes: [LinearizabilityOptions] = {
        var modes: [LinearizabilityOptions] = []
        for readOrder in [true, false] {
            for (partitioned, locality) in [(true, true), (false, true), (false, false)] {
                for cut in [256, 1] {
                    for carried in [64, 1] where cut == 1 || carried == 64 {
                        modes.append(LinearizabilityOptions(
                            partitioned: partitioned, locality: locality, cutOperationsMin: cut, carriedConfigurationsMax: carried,
                            readOrder: readOrder))
                    }
                }
            }
        }
        return modes
    }()

    @Test("every option combination agrees with brute force", arguments: 0..<8 as Range<UInt64>)
    func agreesWithBruteForce(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 16_000)
        let spec = KV(keys: ["a", "b"])
        var outcomes = [0, 0]
        var withSources = 0
        for index in 0..<Self.historiesPerSeed {
            let history = Self.history(&random, seed: seed)
            let expected = BruteForceChecker.isLinearizable(spec, history: history)
            outcomes[expected ? 0 : 1] += 1
            if spec.readSources(among: history) != nil { withSources += 1 }
            for (number, options) in Self.modes.enumerated() {
                let result = LinearizabilityChecker.check(spec, history: history, options: options)
                #expect(result.outcome == (expected ? .ok : .illegal), "seed \(seed), history \(index), mode \(number)")
                if result.outcome == .ok { #expect(DifferentialTests.replays(spec, history, result), "seed \(seed), \(index): witness") }
            }
        }
        #expect(outcomes[0] > 0 && outcomes[1] > 0, "seed \(seed) drew both outcomes: \(outcomes)")
        #expect(withSources > Self.historiesPerSeed / 4, "seed \(seed): gets with a source in \(withSources) histories")
    }

    /// The stale read the benchmark plants: a get of w's value after w', which followed w, had
    /// returned. Refuted before any search, naming the two writes and the get.
    @Test("a stale read is refuted before the search")
    func staleRead() {
        let spec = KV(keys: ["a"])
        let history = [
            Op(id: 0, process: 0, callTime: 0, returnTime: 1, input: .put(key: 0, value: "p1"), output: .done),
            Op(id: 1, process: 0, callTime: 2, returnTime: 3, input: .put(key: 0, value: "p2"), output: .done),
            Op(id: 2, process: 1, callTime: 0, returnTime: 9, input: .get(key: 0), output: .value("p2")),
            Op(id: 3, process: 2, callTime: 5, returnTime: 6, input: .get(key: 0), output: .value("p1")),
        ]
        let sources = spec.readSources(among: history)
        #expect(sources == ReadSources(groups: [[0, 1]], sources: [.init(writers: [1], reader: 2, group: 0), .init(writers: [0], reader: 3, group: 0)]))
        let result = LinearizabilityChecker.check(spec, history: history)
        #expect(result.outcome == .illegal)
        #expect(result.partitions.first?.contradiction?.operationIDs == [0, 3, 1])
        #expect(result.partitions.first?.statesExplored == 0)
        var plain = LinearizabilityOptions()
        plain.readOrder = false
        #expect(LinearizabilityChecker.check(spec, history: history, options: plain).partitions.first?.contradiction == nil)
    }

    /// Sources need exactly one write that explains the value: two puts of it, an append of ""
    /// (a suffix of everything), a non-ASCII value (canonical equivalence) or a get of "" give none.
    @Test("ambiguous values give no source")
    func ambiguous() {
        let spec = KV(keys: ["a"])
        func sources(_ writes: [KV.Input], read: String) -> ReadSources? {
            var history = writes.enumerated().map { Op(id: $0, process: $0, callTime: 0, returnTime: 1, input: $1, output: .done) }
            history.append(Op(id: writes.count, process: 9, callTime: 2, returnTime: 3, input: .get(key: 0), output: .value(read)))
            return spec.readSources(among: history)
        }
        #expect(sources([.put(key: 0, value: "x")], read: "x") != nil)
        #expect(sources([.put(key: 0, value: "x"), .put(key: 0, value: "x")], read: "x") == nil)
        #expect(sources([.put(key: 0, value: "x"), .append(key: 0, value: "")], read: "x") == nil)
        #expect(sources([.put(key: 0, value: "x"), .append(key: 0, value: "x")], read: "x") == nil)
        #expect(sources([.put(key: 0, value: "x"), .append(key: 0, value: "y")], read: "xy")?.sources.map(\.writers) == [[0, 1]])
        #expect(sources([.put(key: 0, value: "x"), .append(key: 0, value: "x")], read: "xx")?.sources.map(\.writers) == [[0, 1]])
        #expect(sources([.put(key: 0, value: "xy"), .append(key: 0, value: "y")], read: "xy")?.sources.map(\.writers) == [[0]])
        #expect(sources([.put(key: 0, value: "K")], read: "\u{212A}") == nil)
        #expect(sources([.put(key: 0, value: "")], read: "") == nil)
    }
}

