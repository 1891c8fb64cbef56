import Linearizability
import Testing
import Support

/// The fast checker against the brute-force one on thousands of small random histories.
/// Each seed drives a SplitMix64; a failure names the seed and the history's index.
@Suite("The fast checker agrees with brute force")
struct DifferentialTests {
    static let historiesPerSeed = 60

    /// Random operations with overlapping, sometimes equal, times; some pending.
    static func shape(_ random: inout SplitMix64, processes: Int, count: Int) -> [(process: Int, call: Int64, ret: Int64?)] {
        var clock = Array(repeating: Int64(0), count: processes)
        var shapes: [(process: Int, call: Int64, ret: Int64?)] = []
        for _ in 0..<count {
            let process = random.below(processes)
            let call = clock[process] + Int64(random.below(3))
            let ret = call + Int64(random.below(4))
            let pending = random.chance(12)
            shapes.append((process, call, pending ? nil : ret))
            clock[process] = pending ? Int64.max / 4 : ret + 1
        }
        return shapes.filter { $0.call < Int64.max / 8 }
    }

    /// Cut at every point where no completed call is open, carrying up to 64 configurations
    /// across (or only one, so that most cuts overflow and the rest is searched whole): the
    /// chunked search must agree with brute force as the uncut one does.
    static let cutModes: [LinearizabilityOptions] = [
        LinearizabilityOptions(cutOperationsMin: 1),
        LinearizabilityOptions(cutOperationsMin: 1, carriedConfigurationsMax: 1),
    ]

    /// The fast checker's verdicts on `history`, uncut and in every cut mode, with `base`'s
    /// partitioning; each must be `expected`, and each ok must come with a witness that replays.
    /// Returns how many cuts the first cut mode made.
    @discardableResult
    static func expectAgreement<S: Specification>(
        _ spec: S, _ history: [Operation<S.Input, S.Output>], expected: Bool, partitioned: Bool = true, _ label: String
    ) -> Int {
        var cuts = 0
        for (mode, options) in ([LinearizabilityOptions()] + cutModes).enumerated() {
            var options = options
            options.partitioned = partitioned
            let result = LinearizabilityChecker.check(spec, history: history, options: options)
            #expect(result.outcome == (expected ? .ok : .illegal), "\(label), cut mode \(mode)")
            if result.outcome == .ok { #expect(Self.replays(spec, history, result), "\(label), cut mode \(mode): witness") }
            if mode == 0 { #expect(result.partitions.allSatisfy { $0.cuts == 0 }, "\(label): no cut below 256 operations") }
            if mode == 1 { cuts = result.partitions.reduce(0) { $0 + $1.cuts } }
        }
        return cuts
    }

    @Test("registers and CAS registers", arguments: 0..<24 as Range<UInt64>)
    func registers(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var values = ValueTable()
        for value in 1...3 { _ = values.intern(String(value)) }
        let spec = RegisterSpecification(name: "cas-register", initial: 0, values: values)
        var outcomes = [0, 0]
        var cuts = 0
        defer {
            #expect(outcomes[0] > 0 && outcomes[1] > 0, "seed \(seed) drew both outcomes: \(outcomes)")
            #expect(cuts > 0, "seed \(seed)'s histories were cut")
        }
        for index in 0..<Self.historiesPerSeed {
            let shapes = Self.shape(&random, processes: 1 + random.below(4), count: 1 + random.below(8))
            let history = shapes.enumerated().map { id, shape -> Operation<RegisterSpecification.Input, RegisterSpecification.Output> in
                let input: RegisterSpecification.Input
                let output: RegisterSpecification.Output
                switch random.below(3) {
                case 0:
                    input = .read
                    output = .read(random.below(4))
                case 1:
                    input = .write(1 + random.below(3))
                    output = .written
                default:
                    input = .cas(expected: random.below(4), new: 1 + random.below(3))
                    output = .cas(random.chance(50))
                }
                let unknown = shape.ret == nil || random.chance(10)
                return Operation(id: id, process: shape.process, callTime: shape.call, returnTime: shape.ret, input: input,
                                 output: unknown ? nil : output)
            }
            let expected = BruteForceChecker.isLinearizable(spec, history: history)
            outcomes[expected ? 0 : 1] += 1
            cuts += Self.expectAgreement(spec, history, expected: expected, "seed \(seed), history \(index)")
        }
    }

    /// Partitioned; whole, decided by locality; and the plain whole search.
    static let kvModes: [(partitioned: Bool, locality: Bool)] = [(true, true), (false, true), (false, false)]

    @Test("key-value maps, partitioned, whole by locality and plain whole", arguments: 0..<16 as Range<UInt64>)
    func keyValue(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 1000)
        let spec = KeyValueSpecification(keys: ["a", "b"])
        var outcomes = [0, 0]
        defer { #expect(outcomes[0] > 0 && outcomes[1] > 0, "seed \(seed) drew both outcomes: \(outcomes)") }
        for index in 0..<Self.historiesPerSeed {
            let shapes = Self.shape(&random, processes: 1 + random.below(4), count: 1 + random.below(8))
            let history = shapes.enumerated().map { id, shape -> Operation<KeyValueSpecification.Input, KeyValueSpecification.Output> in
                let (input, output) = Self.keyValueCall(&random, keys: 2, reads: ["", "x", "y", "xy", "yx"])
                return Operation(id: id, process: shape.process, callTime: shape.call, returnTime: shape.ret, input: input,
                                 output: shape.ret == nil ? nil : output)
            }
            let expected = BruteForceChecker.isLinearizable(spec, history: history)
            outcomes[expected ? 0 : 1] += 1
            for mode in Self.kvModes {
                let options = LinearizabilityOptions(partitioned: mode.partitioned, locality: mode.locality)
                let result = LinearizabilityChecker.check(spec, history: history, options: options)
                #expect(result.outcome == (expected ? .ok : .illegal), "seed \(seed), history \(index), \(mode)")
            }
            Self.expectAgreement(spec, history, expected: expected, partitioned: false, "seed \(seed), history \(index), whole")
        }
    }

    /// A random get, put or append of "x" or "y" on one of `keys` keys; a get returns one of
    /// `reads`, right or wrong.
    static func keyValueCall(_ random: inout SplitMix64, keys: Int,
                             reads: [String]) -> (KeyValueSpecification.Input, KeyValueSpecification.Output) {
        let key = random.below(keys)
        switch random.below(3) {
        case 0: return (.get(key: key), .value(reads[random.below(reads.count)]))
        case 1: return (.put(key: key, value: random.chance(50) ? "x" : "y"), .done)
        default: return (.append(key: key, value: random.chance(50) ? "x" : "y"), .done)
        }
    }

    /// The shape of the 50-client benchmark, small: every operation on its own client, so all
    /// overlap heavily, over three keys, no pending calls (none in that benchmark). Whole by
    /// locality must agree with brute force both ways, and so must the plain whole search.
    @Test("key-value maps with a client per operation, whole by locality", arguments: 0..<12 as Range<UInt64>)
    func keyValueManyClients(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 3000)
        let spec = KeyValueSpecification(keys: ["a", "b", "c"])
        var outcomes = [0, 0]
        var methods: Set<CheckMethod> = []
        defer {
            #expect(outcomes[0] > 0 && outcomes[1] > 0, "seed \(seed) drew both outcomes: \(outcomes)")
            #expect(methods.isSuperset(of: [.wholeLocality, .wholeWitness]), "seed \(seed) decided both ways by locality")
        }
        for index in 0..<Self.historiesPerSeed {
            let count = 2 + random.below(7)
            let history = (0..<count).map { id -> Operation<KeyValueSpecification.Input, KeyValueSpecification.Output> in
                let call = Int64(random.below(6))
                let ret = call + Int64(random.below(6))
                let (input, output) = Self.keyValueCall(&random, keys: 3, reads: ["", "x", "y", "xy"])
                return Operation(id: id, process: id, callTime: call, returnTime: ret, input: input, output: output)
            }
            let expected = BruteForceChecker.isLinearizable(spec, history: history)
            outcomes[expected ? 0 : 1] += 1
            for mode in Self.kvModes {
                let options = LinearizabilityOptions(partitioned: mode.partitioned, locality: mode.locality)
                let result = LinearizabilityChecker.check(spec, history: history, options: options)
                #expect(result.outcome == (expected ? .ok : .illegal), "seed \(seed), history \(index), \(mode)")
                if !mode.partitioned { methods.insert(result.method) }
                if result.outcome == .ok && !mode.partitioned {
                    #expect(Self.replays(spec, history, result), "seed \(seed), history \(index): whole witness")
                }
            }
        }
    }

    @Test("the store with revisions and leases", arguments: 0..<12 as Range<UInt64>)
    func store(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 5000)
        var values = ValueTable()
        _ = values.intern("v")
        _ = values.intern("w")
        let spec = StoreSpecification(keys: ["a", "b"], values: values)
        for index in 0..<40 {
            let shapes = Self.shape(&random, processes: 1 + random.below(3), count: 1 + random.below(7))
            let history = shapes.enumerated().map { id, shape -> Operation<StoreSpecification.Input, StoreSpecification.Output> in
                let key = random.below(2)
                let input: StoreSpecification.Input
                var output = StoreSpecification.Output(revision: Int64(1 + random.below(4)))
                switch random.below(6) {
                case 0:
                    input = .request(.range(from: key, to: key + 1))
                    output.responses = [.range(random.chance(50) ? [] : [.init(key: key, value: 1 + random.below(2))])]
                case 1: input = .request(.put(key: key, value: 1 + random.below(2), lease: random.chance(30) ? 7 : 0))
                case 2:
                    input = .txn(compares: [.init(key: key, target: .create, result: .equal, operand: 0)],
                                 success: [.put(key: key, value: 1, lease: 0)], failure: [])
                    output.succeeded = random.chance(50)
                case 3: input = .leaseGrant(7)
                case 4: input = random.chance(50) ? .leaseExpire(7) : .leaseRevoke(7)
                default: input = .request(.delete(from: 0, to: 2))
                }
                if random.chance(40) { output.revision = nil }
                return Operation(id: id, process: shape.process, callTime: shape.call, returnTime: shape.ret, input: input,
                                 output: shape.ret == nil ? nil : output)
            }
            let expected = BruteForceChecker.isLinearizable(spec, history: history)
            Self.expectAgreement(spec, history, expected: expected, "seed \(seed), history \(index)")
        }
    }

    /// A reported linearization must be a legal sequential run that respects real time.
    static func replays<S: Specification>(_ spec: S, _ history: [Operation<S.Input, S.Output>], _ result: LinearizabilityResult<S>) -> Bool {
        for partition in result.partitions {
            var state = spec.initialState
            var placed: Set<Int> = []
            for step in partition.linearization {
                let operation = history[step.operationID]
                if history.contains(where: { $0.precedes(operation) && !placed.contains($0.id) && partition.operationIDs.contains($0.id) }) {
                    return false
                }
                let next = spec.step(state, operation.input).filter { result in
                    operation.output.map { spec.accepts(observed: $0, produced: result.output) } ?? true
                }
                guard next.contains(where: { $0.state == step.state }) else { return false }
                state = step.state
                placed.insert(step.operationID)
            }
            let completed = partition.operationIDs.filter { !history[$0].isPending }
            if !completed.allSatisfy(placed.contains) { return false }
        }
        return true
    }
}
