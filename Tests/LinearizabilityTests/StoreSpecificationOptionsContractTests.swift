@testable import Linearizability
import Support
import Testing

/// The pruning contracts (`progressBound`, `progressFloor`, `isReadOnly`) on random states for
/// the new inputs, and the checker against brute force on recorded histories full of them.
@Suite("The store's new operations keep the search sound")
struct StoreSpecificationOptionsContractTests {
    typealias Store = StoreSpecification
    typealias StoreOperation = Operation<Store.Input, Store.Output>

    static func store() -> Store {
        var values = ValueTable()
        _ = values.intern("v")
        _ = values.intern("w")
        return Store(keys: ["a", "a/1", "b"], values: values, readRevisions: 1...40)
    }

    static func randomRequest(_ random: inout SplitMix64, revision: Int64) -> Store.Request {
        let key = random.below(3)
        let (from, to) = random.chance(50) ? (key, key + 1) : (0, 2)
        let value = 1 + random.below(2)
        switch random.below(7) {
        case 0: return .range(from: from, to: to)
        case 1:
            let past = random.chance(70) ? max(1, revision - Int64(random.below(4))) : 0
            return .rangeWith(from: from, to: to, options: Store.RangeOptions(
                revision: min(past, 40), limit: random.below(2), keysOnly: random.chance(20), countOnly: random.chance(20)))
        case 2: return .put(key: key, value: value, lease: 0)
        case 3: return .putWithPrevious(key: key, value: value, lease: 0)
        case 4: return .delete(from: from, to: to)
        case 5: return .deleteWithPrevious(from: from, to: to)
        default: return .put(key: key, value: value, lease: random.chance(50) ? 7 : 0)
        }
    }

    static func randomInput(_ random: inout SplitMix64, revision: Int64) -> Store.Input {
        switch random.below(10) {
        case 0..<5: return .request(randomRequest(&random, revision: revision))
        case 5, 6:
            let key = random.below(3)
            return .txn(compares: [.init(key: key, target: .version, result: .equal, operand: Int64(random.below(2)))],
                        success: [randomRequest(&random, revision: revision)], failure: [randomRequest(&random, revision: revision)])
        case 7: return .compact(max(1, revision - Int64(random.below(3))))
        case 8: return .leaseGrant(7)
        default: return .leaseRevoke(7)
        }
    }

    static func randomStates(_ random: inout SplitMix64, count: Int) -> [Store.State] {
        let spec = store()
        var states: [Store.State] = []
        var state = spec.initialState
        while states.count < count {
            if let result = spec.step(state, randomInput(&random, revision: state.revision)).first, result.state.revision < 40 {
                state = result.state
            }
            states.append(state)
            if random.chance(4) { state = spec.initialState }
        }
        return states
    }

    @Test("No call runs above its bound, leaves a state below its floor, or changes the state when read-only",
          arguments: 0..<4 as Range<UInt64>)
    func contracts(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 31000)
        let spec = Self.store()
        var checked = 0
        for state in Self.randomStates(&random, count: 400) {
            let input = Self.randomInput(&random, revision: state.revision)
            for result in spec.step(state, input) {
                #expect(spec.progress(of: result.state) >= spec.progress(of: state))
                var partial = result.output
                partial.responses = nil
                for observed in [result.output, partial] {
                    if let bound = spec.progressBound(of: input, observed: observed) {
                        checked += 1
                        #expect(spec.progress(of: state) <= bound, "\(spec.describe(input: input)) in \(spec.describe(state: state))")
                    }
                    if let floor = spec.progressFloor(of: input, observed: observed) {
                        #expect(spec.progress(of: result.state) >= floor, "\(spec.describe(input: input))")
                    }
                    if spec.isReadOnly(input, observed: observed) {
                        #expect(result.state == state, "read-only \(spec.describe(input: input)) changed \(spec.describe(state: state))")
                    }
                }
            }
        }
        #expect(checked > 100)
    }

    /// A history recorded from a run of the specification (each call takes effect at an
    /// instant of its interval; an unknown one took effect or not), the calls it refuses left
    /// out as `fail`s are, and at most one lie planted in a completed answer.
    static func recorded(_ random: inout SplitMix64, count: Int, lie: Bool) -> [StoreOperation] {
        let spec = store()
        var planned: [(call: Int64, point: Int64, ret: Int64?, takesEffect: Bool)] = []
        var clock: Int64 = 0
        for _ in 0..<count {
            clock += Int64(random.below(2))
            let point = clock + Int64(random.below(3))
            let pending = random.chance(15)
            planned.append((clock, point, pending ? nil : point + Int64(random.below(3)), !pending || random.chance(60)))
        }
        var state = spec.initialState
        var inputs: [Store.Input?] = Array(repeating: nil, count: count)
        var outputs: [Store.Output?] = Array(repeating: nil, count: count)
        for index in planned.indices.sorted(by: { (planned[$0].point, $0) < (planned[$1].point, $1) }) {
            let input = randomInput(&random, revision: state.revision)
            guard planned[index].takesEffect else {
                inputs[index] = input
                continue
            }
            guard let result = spec.step(state, input).first else { continue }
            state = result.state
            inputs[index] = input
            outputs[index] = result.output
        }
        var history: [StoreOperation] = []
        for (index, plan) in planned.enumerated() {
            guard let input = inputs[index] else { continue }
            history.append(Operation(id: history.count, process: history.count, callTime: plan.call, returnTime: plan.ret,
                                     input: input, output: plan.ret == nil ? nil : outputs[index]))
        }
        if lie, let victim = history.indices.filter({ history[$0].output != nil }).randomElement(using: &random) {
            history[victim].output = planted(history[victim].output!, &random)
        }
        return history
    }

    /// One answer changed: a refusal turned into an answer or back, a previous key-value or a
    /// past read's kvs emptied, a count moved, or the revision moved.
    static func planted(_ output: Store.Output, _ random: inout SplitMix64) -> Store.Output {
        var lie = output
        if output.failure != nil {
            lie.failure = nil
            return lie
        }
        switch output.responses?.first {
        case .putWithPrevious(_?)?: lie.responses![0] = .putWithPrevious(nil)
        case .deleteWithPrevious(let count?, let previous)? where !previous.isEmpty:
            lie.responses![0] = .deleteWithPrevious(deleted: count - 1, previous: Array(previous.dropFirst()))
        case .rangeWith(let kvs, let count?, let more)? where random.chance(50):
            lie.responses![0] = .rangeWith(kvs: kvs, count: count + 1, more: more)
        default:
            if random.chance(30) { lie.failure = .compacted(nil) } else { lie.revision = lie.revision.map { $0 + 1 } }
        }
        return lie
    }

    @Test("The checker agrees with brute force on recorded histories, with and without a planted lie",
          arguments: 0..<8 as Range<UInt64>)
    func agreesWithBruteForce(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 32000)
        let spec = Self.store()
        var outcomes = [0, 0]
        for index in 0..<30 {
            let history = Self.recorded(&random, count: 3 + random.below(6), lie: random.chance(50))
            let expected = BruteForceChecker.isLinearizable(spec, history: history)
            outcomes[expected ? 0 : 1] += 1
            _ = DifferentialTests.expectAgreement(spec, history, expected: expected, partitioned: false, "seed \(seed), history \(index)")
            let alone = LinearizabilityChecker.check(spec, history: history, options: LinearizabilityOptions(progressOrder: false, contradictions: false))
            #expect(alone.outcome == (expected ? .ok : .illegal), "seed \(seed), history \(index), the search alone")
        }
        #expect(outcomes[0] > 3 && outcomes[1] > 3, "seed \(seed) drew both verdicts: \(outcomes)")
    }
}
