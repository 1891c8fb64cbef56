import Linearizability
import Testing
import Support

/// The search's reductions for the store (progress bounds on the revision, interchangeable
/// pending twins, forgetting leases nobody asks about): their contracts on random states,
/// agreement with brute force on store histories full of unknown calls, and the states each
/// reduction saves on a history built to need it.
@Suite("Search reductions for calls that end unknown")
struct SearchReductionTests {
    typealias Store = StoreSpecification
    typealias StoreOperation = Operation<Store.Input, Store.Output>

    static func store() -> Store {
        var values = ValueTable()
        _ = values.intern("v")
        _ = values.intern("w")
        return Store(keys: ["a", "b"], values: values)
    }

    /// A small input space, so that equal pending calls (twins) are common: two keys, two
    /// values, two leases.
    static func randomInput(_ random: inout SplitMix64) -> Store.Input {
        let key = random.below(2)
        let lease: Int64 = [0, 7, 8][random.below(3)]
        let value = random.below(2)
        switch random.below(9) {
        case 0, 1: return .request(.range(from: key, to: key + 1))
        case 2: return .request(.put(key: key, value: value, lease: lease))
        case 3: return .request(.delete(from: key, to: key + 1))
        case 4:
            return .txn(compares: [.init(key: key, target: .create, result: .equal, operand: 0)],
                        success: [.put(key: key, value: value, lease: lease)], failure: [.range(from: key, to: key + 1)])
        case 5: return .leaseGrant(7 + Int64(random.below(2)))
        case 6: return .leaseRevoke(7 + Int64(random.below(2)))
        case 7: return .leaseKeepAlive(7 + Int64(random.below(2)))
        default: return .leaseExpire(7 + Int64(random.below(2)))
        }
    }

    /// A history recorded from a real run of the store: each call takes effect at an instant
    /// inside its interval; a call that ends unknown took effect or did not, at random; a call
    /// the store refuses (not enabled) is left out, as a `fail` would be. Outputs are what the
    /// store answered, with the revision sometimes not recorded. Linearizable by construction
    /// unless `corrupt`, which changes one completed call's recorded revision.
    static func recordedHistory(_ random: inout SplitMix64, count: Int, pendingPercent: Int, corrupt: Bool) -> [StoreOperation] {
        let spec = store()
        var planned: [(call: Int64, point: Int64, ret: Int64?, input: Store.Input, takesEffect: Bool)] = []
        var clock: Int64 = 0
        for _ in 0..<count {
            clock += Int64(random.below(2))
            let point = clock + Int64(random.below(4))
            let ret = point + Int64(random.below(4))
            let pending = random.chance(pendingPercent)
            planned.append((clock, point, pending ? nil : ret, randomInput(&random), !pending || random.chance(60)))
        }
        // Run the calls in the order of their instants (ties by position).
        var state = spec.initialState
        var outputs: [Store.Output?] = Array(repeating: nil, count: planned.count)
        var refused = Array(repeating: false, count: planned.count)
        for index in planned.indices.sorted(by: { (planned[$0].point, $0) < (planned[$1].point, $1) }) {
            guard planned[index].takesEffect else { continue }
            guard let result = spec.step(state, planned[index].input).first else {
                refused[index] = true
                continue
            }
            state = result.state
            var output = result.output
            if random.chance(25) { output.revision = nil }
            outputs[index] = output
        }
        var history: [StoreOperation] = []
        for (index, plan) in planned.enumerated() where !refused[index] {
            let output = plan.ret == nil ? nil : outputs[index]
            history.append(Operation(id: history.count, process: history.count, callTime: plan.call, returnTime: plan.ret,
                                     input: plan.input, output: output))
        }
        let completed = history.indices.filter { history[$0].output != nil }
        if corrupt, !completed.isEmpty {
            let victim = completed[random.below(completed.count)]
            let revision = history[victim].output?.revision ?? 1
            history[victim].output?.revision = revision + (random.chance(50) ? 1 : -1)
        }
        return history
    }

    @Test("Store histories full of unknown calls: the fast checker agrees with brute force",
          arguments: 0..<16 as Range<UInt64>)
    func storeWithUnknownCalls(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 9000)
        let spec = Self.store()
        var outcomes = [0, 0]
        defer { #expect(outcomes[0] > 0 && outcomes[1] > 0, "seed \(seed) drew both outcomes: \(outcomes)") }
        for index in 0..<40 {
            let history = Self.recordedHistory(
                &random, count: 3 + random.below(6), pendingPercent: 35, corrupt: random.chance(50))
            let expected = BruteForceChecker.isLinearizable(spec, history: history)
            outcomes[expected ? 0 : 1] += 1
            let result = LinearizabilityChecker.check(spec, history: history, options: LinearizabilityOptions(partitioned: false))
            #expect(result.outcome == (expected ? .ok : .illegal), "seed \(seed), history \(index)")
            #expect(result.method == .whole, "the store has no footprints, so locality never splits it")
            if result.outcome == .ok {
                #expect(DifferentialTests.replays(spec, history, result), "seed \(seed), history \(index): witness")
            }
            DifferentialTests.expectAgreement(spec, history, expected: expected, partitioned: false, "seed \(seed), history \(index)")
        }
    }

    /// Random states reached by random runs of the store.
    static func randomStates(_ random: inout SplitMix64, count: Int) -> [Store.State] {
        let spec = store()
        var states: [Store.State] = []
        var state = spec.initialState
        while states.count < count {
            if let result = spec.step(state, randomInput(&random)).first { state = result.state }
            states.append(state)
            if random.chance(5) { state = spec.initialState }
        }
        return states
    }

    @Test("The revision never decreases and no call runs above its progress bound", arguments: 0..<4 as Range<UInt64>)
    func progressContract(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 11000)
        let spec = Self.store()
        var bounded = 0
        for state in Self.randomStates(&random, count: 400) {
            let input = Self.randomInput(&random)
            for result in spec.step(state, input) {
                #expect(spec.progress(of: result.state) >= spec.progress(of: state))
                // Observed exactly as produced, and with details left out.
                var partial = result.output
                partial.responses = nil
                for observed in [result.output, partial] {
                    guard let bound = spec.progressBound(of: input, observed: observed) else { continue }
                    bounded += 1
                    #expect(spec.progress(of: state) <= bound, "\(spec.describe(input: input)) in \(spec.describe(state: state))")
                }
            }
        }
        #expect(bounded > 100)
    }

    @Test("Forgetting erases only the liveness of unused leases that no key is attached to", arguments: 0..<4 as Range<UInt64>)
    func forgettingContract(seed: UInt64) {
        var random = SplitMix64(seed: seed &+ 12000)
        let spec = Self.store()
        var erased = 0
        for state in Self.randomStates(&random, count: 400) {
            let unused = Set(([7, 8] as [Int64]).filter { _ in random.chance(50) })
            func attached(_ lease: Int64) -> Bool { state.records.contains { $0?.lease == lease } }
            guard let forgotten = spec.forgetting(in: state, unused: { unused.contains($0) }) else {
                #expect(!state.leases.contains { unused.contains($0) && !attached($0) })
                continue
            }
            erased += 1
            #expect(forgotten.revision == state.revision)
            #expect(forgotten.records == state.records)
            #expect(Set(forgotten.leases).isSubset(of: Set(state.leases)))
            for lease in state.leases where !forgotten.leases.contains(lease) {
                #expect(unused.contains(lease))
                #expect(!attached(lease))
            }
        }
        #expect(erased > 20)
    }

    @Test("Only completed grants and revocations name their lease; puts, keep-alives and expiries always do")
    func names() {
        let spec = Self.store()
        let done = Store.Output(revision: 1)
        #expect(spec.names(of: .leaseGrant(7), observed: nil) == [])
        #expect(spec.names(of: .leaseRevoke(7), observed: nil) == [])
        #expect(spec.names(of: .leaseGrant(7), observed: done) == [7])
        #expect(spec.names(of: .leaseRevoke(7), observed: done) == [7])
        #expect(spec.names(of: .leaseKeepAlive(7), observed: nil) == [7])
        #expect(spec.names(of: .leaseExpire(8), observed: done) == [8])
        #expect(spec.names(of: .request(.put(key: 0, value: 0, lease: 8)), observed: nil) == [8])
        #expect(spec.names(of: .request(.put(key: 0, value: 0, lease: 0)), observed: nil) == [])
        let txn = Store.Input.txn(compares: [], success: [.put(key: 0, value: 0, lease: 7)], failure: [.put(key: 1, value: 0, lease: 8)])
        #expect(spec.names(of: txn, observed: nil) == [7, 8])
    }

    // MARK: What each reduction saves

    /// `count` calls one after another by one client, starting at `time`.
    static func sequential(_ inputs: [(Store.Input, Store.Output?)], from time: Int64, firstID: Int) -> [StoreOperation] {
        inputs.enumerated().map { offset, item in
            let call = time + 2 * Int64(offset)
            return Operation(id: firstID + offset, process: 0, callTime: call, returnTime: call + 1, input: item.0, output: item.1)
        }
    }

    @Test("Pending revocations of leases nobody uses again are forgotten, not tried in every combination")
    func forgettingSavesStates() {
        let spec = Self.store()
        // Twelve leases granted, each with a revocation that ends unknown; then forty reads of
        // the initial revision and one impossible read, so the search must try everything.
        var history: [StoreOperation] = []
        for lease in 0..<12 as Range<Int64> {
            let id = history.count
            history.append(Operation(id: id, process: 1, callTime: 4 * lease, returnTime: 4 * lease + 1,
                                     input: .leaseGrant(100 + lease), output: .init(revision: 1)))
            history.append(Operation(id: id + 1, process: 2 + Int(lease), callTime: 4 * lease + 2, returnTime: nil,
                                     input: .leaseRevoke(100 + lease), output: nil))
        }
        let read = Store.Input.request(.range(from: 0, to: 1))
        let reads = Array(repeating: (read, Optional(Store.Output(revision: 1, responses: [.range([])]))), count: 40)
        history += Self.sequential(reads, from: 100, firstID: history.count)
        history += Self.sequential([(read, .init(revision: 1, responses: [.range([.init(key: 0, value: 0)])]))],
                                   from: 200, firstID: history.count)
        let result = LinearizabilityChecker.check(spec, history: history)
        #expect(result.outcome == .illegal)
        // Without forgetting, each of the 2^12 subsets of placed revocations is a different
        // state at every one of the forty reads.
        #expect(result.partitions[0].statesExplored < 2_000, "\(result.partitions[0].statesExplored) states")
    }

    @Test("Equal pending calls are placed in call order, not in every subset")
    func twinsSaveStates() {
        let spec = Self.store()
        // Ten equal puts that end unknown (their revisions are not observed, so they may go
        // anywhere), then thirty reads of key b and one impossible read of it.
        var history: [StoreOperation] = (0..<10).map { index in
            Operation(id: index, process: 1 + index, callTime: Int64(index), returnTime: nil,
                      input: .request(.put(key: 0, value: 0, lease: 0)), output: nil)
        }
        let read = Store.Input.request(.range(from: 1, to: 2))
        let reads = Array(repeating: (read, Optional(Store.Output(responses: [.range([])]))), count: 30)
        history += Self.sequential(reads, from: 20, firstID: history.count)
        history += Self.sequential([(read, .init(responses: [.range([.init(key: 1, value: 1)])]))], from: 100, firstID: history.count)
        let result = LinearizabilityChecker.check(spec, history: history)
        #expect(result.outcome == .illegal)
        // Key a's version counts the puts placed: eleven states per read with twins in call
        // order, 2^10 subsets without.
        #expect(result.partitions[0].statesExplored < 1_000, "\(result.partitions[0].statesExplored) states")
    }

    @Test("A pending write past the revision a later completed call observed is abandoned at once")
    func progressBoundsSaveStates() {
        var values = ValueTable()
        for value in 0..<12 { _ = values.intern("v\(value)") }
        let spec = Store(keys: ["a", "b"], values: values)
        // Twelve different puts that end unknown, then thirty reads that observe the initial
        // revision (so none of the puts can have happened before them), then an impossible read.
        var history: [StoreOperation] = (0..<12).map { index in
            Operation(id: index, process: 1 + index, callTime: Int64(index), returnTime: nil,
                      input: .request(.put(key: 0, value: index, lease: 0)), output: nil)
        }
        let read = Store.Input.request(.range(from: 0, to: 2))
        let reads = Array(repeating: (read, Optional(Store.Output(revision: 1, responses: [.range([])]))), count: 30)
        history += Self.sequential(reads, from: 20, firstID: history.count)
        history += Self.sequential([(read, .init(revision: 1, responses: [.range([.init(key: 0, value: 1)])]))],
                                   from: 100, firstID: history.count)
        let result = LinearizabilityChecker.check(spec, history: history)
        #expect(result.outcome == .illegal)
        #expect(result.partitions[0].statesExplored < 200, "\(result.partitions[0].statesExplored) states")
    }
}
