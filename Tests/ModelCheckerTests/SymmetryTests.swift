import ModelChecker
import Testing
import Support

/// Three tokens on three slots; the slots are interchangeable.
struct TokensModel: Model {
    typealias State = [UInt8]
    typealias Action = Int

    var slots = 3
    var initialStates: [[UInt8]] { [Array(repeating: 0, count: slots)] }

    func actions(in state: [UInt8], into actions: inout [Int]) {
        for slot in 0..<slots where state[slot] < 3 { actions.append(slot) }
    }

    func successor(of state: [UInt8], by action: Int) -> [UInt8]? {
        var next = state
        next[action] += 1
        return next
    }

    var properties: [Property<TokensModel>] {
        [
            .always("totalAtMostNine") { _, state in state.reduce(0, +) <= 9 },
            .always("neverTwoFull") { _, state in state.filter { $0 == 3 }.count < 2 },
            .sometimes("someSlotFull") { _, state in state.contains(3) },
        ]
    }

    func encode(_ state: [UInt8], into encoder: inout StateEncoder) { for value in state { encoder.append(value) } }

    var symmetricIdentifierCount: Int { slots }

    func permuting(_ state: [UInt8], by permutation: [Int]) -> [UInt8] {
        var next = state
        for (slot, value) in state.enumerated() { next[permutation[slot]] = value }
        return next
    }

    func describe(_ action: Int, in state: [UInt8]) -> ActionInfo { ActionInfo(actor: "slot\(action)", text: "fill slot \(action)") }
    func describe(_ state: [UInt8]) -> JSONValue { .array(state.map { .int(Int($0)) }) }
}

@Suite("Symmetry reduction")
struct SymmetryTests {
    @Test("counts are orbit counts: one per multiset of slot values")
    func orbitCounts() {
        var options = CheckOptions()
        options.workers = 2
        let full = ModelChecker.check(TokensModel(), options: options)
        options.symmetry = true
        let reduced = ModelChecker.check(TokensModel(), options: options)
        #expect(full.statistics.distinct == 64)
        // Multisets of size 3 over {0,1,2,3}: C(6,3) = 20.
        #expect(reduced.statistics.distinct == 20)
        #expect(reduced.symmetry)
    }

    @Test("symmetry never changes a verdict, and traces stay concrete (they replay)", arguments: [1, 2])
    func verdictsUnchanged(workers: Int) throws {
        var options = CheckOptions()
        options.workers = workers
        let full = ModelChecker.check(TokensModel(), options: options)
        options.symmetry = true
        let reduced = ModelChecker.check(TokensModel(), options: options)
        #expect(full.properties.map(\.outcome) == reduced.properties.map(\.outcome))
        #expect(full.properties.map { $0.trace?.length } == reduced.properties.map { $0.trace?.length })
        let model = TokensModel()
        let trace = try #require(reduced.result("neverTwoFull")?.trace)
        var state = trace.initial
        for step in trace.steps {
            #expect(model.successor(of: state, by: step.action) == step.state)
            state = step.state
        }
    }

    @Test("the permutations of n identifiers are n! with the identity first")
    func permutations() {
        let perms = Symmetry.permutations(of: 4)
        #expect(perms.count == 24)
        #expect(perms.first == [0, 1, 2, 3])
        #expect(Set(perms).count == 24)
    }

    @Test("a packed inverse names, position by position, the identifier renamed to it")
    func packedInverses() {
        let perms = Symmetry.permutations(of: 4)
        let inverses = Symmetry.packedInverses(of: perms)
        #expect(inverses.count == perms.count)
        for (permutation, inverse) in zip(perms, inverses) {
            for (identifier, target) in permutation.enumerated() {
                #expect(Int((inverse >> UInt64(3 * target)) & 7) == identifier)
            }
        }
        // The identity's inverse is the identity: 0, 1, 2, 3 in three bits each.
        #expect(inverses[0] == 0 | 1 << 3 | 2 << 6 | 3 << 9)
    }
}
