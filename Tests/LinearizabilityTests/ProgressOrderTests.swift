@testable import Linearizability
import Support
import Testing

/// Ordering by observed revisions before the search (`ProgressOrder`): the floor's contract on
/// random states, the narrowed history against the recorded one under brute force, the whole
/// checker with and without narrowing against brute force, and what a conflict explains.
@Suite("Ordering calls by the revisions they observed")
struct ProgressOrderTests {
    typealias Store = StoreSpecification
    typealias StoreOperation = Operation<Store.Input, Store.Output>

    /// How a recorded history is made wrong, if at all.
    enum Corruption: CaseIterable {
        case none
        /// One completed call's revision one more or one less than the store answered.
        case revision
        /// One completed range answers the key as it was in another state of the run (one that
        /// answers it differently), with its own revision.
        case staleRange
    }

    /// A history recorded from a run of the store, every answer in full (revisions, and mod
    /// revisions in ranges), calls overlapping heavily; see `SearchReductionTests.recordedHistory`.
    static func recorded(_ random: inout SplitMix64, count: Int, pendingPercent: Int, corruption: Corruption) -> [StoreOperation] {
        let spec = SearchReductionTests.store()
        var planned: [(call: Int64, point: Int64, ret: Int64?, input: Store.Input, takesEffect: Bool)] = []
        var clock: Int64 = 0
        for _ in 0..<count {
            clock += Int64(random.below(2))
            let point = clock + Int64(random.below(4))
            let ret = point + Int64(random.below(4))
            let pending = random.chance(pendingPercent)
            planned.append((clock, point, pending ? nil : ret, SearchReductionTests.randomInput(&random), !pending || random.chance(60)))
        }
        var state = spec.initialState
        var visited = [state]
        var outputs: [Store.Output?] = Array(repeating: nil, count: planned.count)
        var refused = Array(repeating: false, count: planned.count)
        for index in planned.indices.sorted(by: { (planned[$0].point, $0) < (planned[$1].point, $1) }) {
            guard planned[index].takesEffect else { continue }
            guard let result = spec.step(state, planned[index].input).first else {
                refused[index] = true
                continue
            }
            state = result.state
            visited.append(state)
            outputs[index] = result.output
        }
        var history: [StoreOperation] = []
        for (index, plan) in planned.enumerated() where !refused[index] {
            history.append(Operation(id: history.count, process: history.count, callTime: plan.call, returnTime: plan.ret,
                                     input: plan.input, output: plan.ret == nil ? nil : outputs[index]))
        }
        let completed = history.indices.filter { history[$0].output != nil }
        switch corruption {
        case .none: break
        case .revision:
            guard let victim = completed.randomElement(using: &random) else { break }
            history[victim].output!.revision = history[victim].output!.revision! + (random.chance(50) ? 1 : -1)
        case .staleRange:
            let ranges = completed.filter { index in
                if case .request(.range) = history[index].input { return true }
                return false
            }
            guard let victim = ranges.randomElement(using: &random) else { break }
            let answers = visited.compactMap { spec.step($0, history[victim].input).first?.output.responses }
                .filter { $0 != history[victim].output!.responses }
            guard let answer = answers.randomElement(using: &random) else { break }
            history[victim].output!.responses = answer
        }
        return history
    }

    @Test("No call leaves a state below its progress floor", arguments: 0..<4 as Range<UInt64>)
    func floorContract(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 21000)
        let spec = SearchReductionTests.store()
        var floored = 0
        for state in SearchReductionTests.randomStates(&random, count: 400) {
            let input = SearchReductionTests.randomInput(&random)
            for result in spec.step(state, input) {
                var partial = result.output
                partial.responses = nil
                for observed in [result.output, partial] {
                    guard let floor = spec.progressFloor(of: input, observed: observed) else { continue }
                    floored += 1
                    #expect(spec.progress(of: result.state) >= floor, "\(spec.describe(input: input)) in \(spec.describe(state: state))")
                }
            }
        }
        #expect(floored > 100)
    }

    @Test("A narrowed history has the recorded one's brute-force verdict; a conflict only where it has none")
    func narrowingKeepsLinearizations() {
        let spec = SearchReductionTests.store()
        var narrowed = 0
        var conflicts = 0
        for seed in 0..<8 as Range<UInt64> {
            var random = SplitMix64(seed: seed &+ 22000)
            for index in 0..<40 {
                let corruption = Corruption.allCases[random.below(3)]
                let history = Self.recorded(&random, count: 3 + random.below(6), pendingPercent: 25, corruption: corruption)
                let expected = BruteForceChecker.isLinearizable(spec, history: history)
                switch ProgressOrder.narrow(spec, history) {
                case .conflict(let conflict):
                    conflicts += 1
                    #expect(!expected, "seed \(seed), history \(index): a conflict in a linearizable history")
                    let first = history[conflict.chain[0]]
                    let last = history[conflict.chain[conflict.chain.count - 1]]
                    #expect(last.returnTime! < first.callTime, "seed \(seed), history \(index): the chain's proof")
                case .narrowed(let result, let changed):
                    if changed > 0 { narrowed += 1 }
                    #expect(result.map(\.id) == history.map(\.id))
                    for (before, after) in zip(history, result) {
                        #expect(after.callTime >= before.callTime && (after.returnTime ?? .max) <= (before.returnTime ?? .max))
                    }
                    #expect(BruteForceChecker.isLinearizable(spec, history: result) == expected, "seed \(seed), history \(index)")
                }
            }
        }
        // The figures of these seeds as the code stands: fewer would mean a weaker narrowing.
        #expect(narrowed >= 72, "\(narrowed) of 320 histories narrowed")
        #expect(conflicts >= 5, "\(conflicts) of 320 histories refuted by narrowing")
    }

    /// Narrowing and the store's contradictions each on and off.
    static let presearchModes: [(progressOrder: Bool, contradictions: Bool)] = [(true, true), (false, false), (true, false), (false, true)]

    @Test("The checker agrees with brute force on recorded store histories, with and without what it does before searching",
          arguments: 0..<12 as Range<UInt64>)
    func differential(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 23000)
        let spec = SearchReductionTests.store()
        var outcomes = [0, 0]
        defer { #expect(outcomes[0] > 0 && outcomes[1] > 0, "seed \(seed) drew both outcomes: \(outcomes)") }
        for index in 0..<40 {
            let corruption = Corruption.allCases[random.below(3)]
            let history = Self.recorded(&random, count: 3 + random.below(6), pendingPercent: 30, corruption: corruption)
            let expected = BruteForceChecker.isLinearizable(spec, history: history)
            outcomes[expected ? 0 : 1] += 1
            for mode in Self.presearchModes {
                for cutOperationsMin in [256, 1] {
                    let options = LinearizabilityOptions(
                        partitioned: false, cutOperationsMin: cutOperationsMin, progressOrder: mode.progressOrder,
                        contradictions: mode.contradictions)
                    let result = LinearizabilityChecker.check(spec, history: history, options: options)
                    let label = "seed \(seed), history \(index), \(mode), cuts from \(cutOperationsMin)"
                    #expect(result.outcome == (expected ? .ok : .illegal), "\(label)")
                    if result.outcome == .ok { #expect(DifferentialTests.replays(spec, history, result), "\(label): witness") }
                    if !mode.progressOrder && !mode.contradictions { #expect(result.partitions.allSatisfy { $0.contradiction == nil }) }
                }
            }
        }
    }

    @Test("The store's contradictions are found only in histories brute force refutes")
    func contradictionsAreSound() {
        let spec = SearchReductionTests.store()
        var found = 0
        var illegal = 0
        for seed in 0..<8 as Range<UInt64> {
            var random = SplitMix64(seed: seed &+ 24000)
            for index in 0..<40 {
                let corruption = Corruption.allCases[1 + random.below(2)]
                let history = Self.recorded(&random, count: 3 + random.below(7), pendingPercent: 20, corruption: corruption)
                let expected = BruteForceChecker.isLinearizable(spec, history: history)
                if !expected { illegal += 1 }
                guard let contradiction = spec.contradiction(among: history) else { continue }
                found += 1
                #expect(!expected, "seed \(seed), history \(index): \(contradiction.reason)")
                #expect(contradiction.operationIDs.allSatisfy { id in history.contains { $0.id == id && !$0.isPending } })
            }
        }
        // The figure of these seeds as the code stands (the rest are refuted by the search, often
        // because a pending call could explain one observation but not all of them at once).
        #expect(found >= 17, "\(found) of \(illegal) illegal histories contradicted")
    }

    /// A put observed revision 2 and returned; a range called after it answered revision 1.
    static let readFromThePast = [
        #"{"process":1,"type":"invoke","f":"put","key":"a","value":"v","time":1}"#,
        #"{"process":1,"type":"ok","f":"put","revision":2,"time":2}"#,
        #"{"process":2,"type":"invoke","f":"put","key":"b","value":"w","time":3}"#,
        #"{"process":3,"type":"invoke","f":"range","key":"b","time":4}"#,
        #"{"process":3,"type":"ok","f":"range","kvs":[],"revision":1,"time":5}"#,
        #"{"process":2,"type":"info","f":"put","time":6}"#,
    ]

    @Test("Golden explanation of a range that observed a revision older than a put that returned before it")
    func goldenConflict() throws {
        let report = try Fixtures.check(Self.readFromThePast.joined(separator: "\n"), model: "etcd")
        #expect(report.outcome == .illegal)
        #expect(report.statesExplored == 0, "decided before any search")
        #expect(report.explanation() == [
            "partition 1 of 1 (3 operations) is not linearizable",
            "  by the revisions they observed (a revision never decreases), these calls must take effect in this order, "
                + "but the last returned (at 2) before the first was called (at 4):",
            "    range(b) → [], rev 1 by p3, line 4, called at 4, returned at 5",
            "    put(a, v) → rev 2 by p1, line 1, called at 1, returned at 2",
        ])
        // Without narrowing, the search finds it too, its own way.
        let history = try RecordedHistory.parse(Self.readFromThePast.joined(separator: "\n"))
        let plain = try SpecificationCatalog.check(history, model: "etcd", options: LinearizabilityOptions(progressOrder: false, contradictions: false))
        #expect(plain.outcome == .illegal)
        #expect(plain.partitions[0].contradiction == nil)
    }

    @Test("Of the intervals a conflict empties, the shortest proof is reported")
    func shortestChain() {
        let spec = SearchReductionTests.store()
        let read = Store.Input.request(.range(from: 1, to: 2))
        let put = Store.Input.request(.put(key: 0, value: 0, lease: 0))
        // By revisions the read of 1 precedes the put of 2, which precedes the read of 2; the
        // read of 2 returned (at 3) before the read of 1 was called (at 4). The put's interval
        // is emptied by the chain of all three, the reads' by the two reads alone.
        let history: [StoreOperation] = [
            Operation(id: 0, process: 1, callTime: 0, returnTime: 10, input: put, output: .init(revision: 2, responses: [.put])),
            Operation(id: 1, process: 0, callTime: 4, returnTime: 9, input: read, output: .init(revision: 1, responses: [.range([])])),
            Operation(id: 2, process: 2, callTime: 0, returnTime: 3, input: read, output: .init(revision: 2, responses: [.range([])])),
        ]
        #expect(!BruteForceChecker.isLinearizable(spec, history: history))
        guard case .conflict(let conflict) = ProgressOrder.narrow(spec, history) else {
            Issue.record("the reads conflict")
            return
        }
        #expect(conflict.chain == [1, 2])
    }

    @Test("Narrowing: a put that observed revision 2 must end by the return of a read that observed 2")
    func narrowedTimes() {
        let spec = SearchReductionTests.store()
        let put = Store.Input.request(.put(key: 0, value: 0, lease: 0))
        let read = Store.Input.request(.range(from: 0, to: 1))
        let history: [StoreOperation] = [
            Operation(id: 0, process: 0, callTime: 0, returnTime: 20, input: put, output: .init(revision: 2, responses: [.put])),
            Operation(id: 1, process: 1, callTime: 5, returnTime: 8, input: read,
                      output: .init(revision: 2, responses: [.range([.init(key: 0, value: 0, createRevision: 2, modRevision: 2, version: 1, lease: 0)])])),
            Operation(id: 2, process: 2, callTime: 1, returnTime: nil, input: put, output: nil),
        ]
        guard case .narrowed(let narrowed, let changed) = ProgressOrder.narrow(spec, history) else {
            Issue.record("linearizable, so no conflict")
            return
        }
        #expect(changed == 1)
        #expect(narrowed[0].callTime == 0 && narrowed[0].returnTime == 8)
        #expect(narrowed[1].callTime == 5 && narrowed[1].returnTime == 8)
        #expect(narrowed[2].callTime == 1 && narrowed[2].returnTime == nil, "a pending call observed nothing")
    }
}
