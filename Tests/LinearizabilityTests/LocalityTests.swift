import Linearizability
import Testing

/// Whole checks of specifications with footprints: how they are decided, and that the
/// plain search stays available.
@Suite("Whole checks decided by locality")
struct LocalityTests {
    typealias KV = KeyValueSpecification
    typealias KVOperation = Operation<KV.Input, KV.Output>

    static let spec = KV(keys: ["a", "b", "c"])

    /// Three keys, each put and appended to by overlapping clients and then read; `staleB`
    /// makes the read of b return "2", which needs the append without the put, although
    /// both returned before the read began.
    static func history(staleB: Bool) -> [KVOperation] {
        var operations: [KVOperation] = []
        func add(_ process: Int, _ call: Int64, _ ret: Int64, _ input: KV.Input, _ output: KV.Output) {
            operations.append(Operation(id: operations.count, process: process, callTime: call, returnTime: ret,
                                        input: input, output: output))
        }
        for (offset, key) in [0, 1, 2].enumerated() {
            let base = Int64(offset)
            add(3 * offset, base, base + 4, .put(key: key, value: "1"), .done)
            add(3 * offset + 1, base + 1, base + 5, .append(key: key, value: "2"), .done)
            add(3 * offset + 2, base + 6, base + 8, .get(key: key), .value(staleB && key == 1 ? "2" : "12"))
        }
        return operations
    }

    @Test("An illegal object decides the whole check, which keeps that object's explanation")
    func illegalByLocality() {
        let history = Self.history(staleB: true)
        let result = LinearizabilityChecker.check(Self.spec, history: history, options: LinearizabilityOptions(partitioned: false))
        #expect(result.outcome == .illegal)
        #expect(result.method == .wholeLocality)
        #expect(result.note?.hasPrefix("checked whole, decided by locality (Herlihy and Wing): partition 2 of 3 (3 operations") == true)
        #expect(result.partitions.count == 1)
        #expect(result.partitions[0].operationIDs == [3, 4, 5])
        #expect(result.partitions[0].outcome == .illegal)
        #expect(BruteForceChecker.isLinearizable(Self.spec, history: history) == false)
    }

    @Test("A linearizable history checked whole rests on the merged witness, replayed whole")
    func okByWitness() {
        let history = Self.history(staleB: false)
        let result = LinearizabilityChecker.check(Self.spec, history: history, options: LinearizabilityOptions(partitioned: false))
        #expect(result.outcome == .ok)
        #expect(result.method == .wholeWitness)
        #expect(result.partitions.count == 1)
        #expect(result.partitions[0].linearization.count == history.count)
        #expect(DifferentialTests.replays(Self.spec, history, result))
    }

    @Test("Without locality the whole history is one search, with the same verdicts", arguments: [false, true])
    func plainWhole(staleB: Bool) {
        let history = Self.history(staleB: staleB)
        let options = LinearizabilityOptions(partitioned: false, locality: false)
        let result = LinearizabilityChecker.check(Self.spec, history: history, options: options)
        #expect(result.method == .whole)
        #expect(result.note == nil)
        #expect(result.outcome == (staleB ? .illegal : .ok))
    }

    @Test("One object, or a specification without footprints, is searched whole")
    func oneGroup() {
        let history = Self.history(staleB: true).filter { operation in
            switch operation.input {
            case .get(let key), .put(let key, _), .append(let key, _): return key == 1
            }
        }
        let result = LinearizabilityChecker.check(Self.spec, history: history, options: LinearizabilityOptions(partitioned: false))
        #expect(result.method == .whole)
        #expect(result.outcome == .illegal)
        let store = StoreSpecification(keys: ["a", "b"], values: ValueTable())
        let reads = [0, 1].map { key in
            Operation<StoreSpecification.Input, StoreSpecification.Output>(
                id: key, process: key, callTime: 0, returnTime: 1, input: .request(.range(from: key, to: key + 1)),
                output: .init(revision: 1, responses: [.range([])]))
        }
        #expect(LinearizabilityChecker.check(store, history: reads, options: LinearizabilityOptions(partitioned: false)).method == .whole)
    }
}
