import ModelChecker
import Testing
import Support

/// A model with a larger, irregular space and several violations, for checking that counts,
/// depths and every trace are the same for any number of workers.
struct ScrambleModel: Model {
    typealias State = [UInt8]
    typealias Action = Int

    var initialStates: [[UInt8]] { [[0, 0, 0, 0], [1, 0, 0, 0]] }

    func actions(in state: [UInt8], into actions: inout [Int]) {
        for index in 0..<(state.count * 2) { actions.append(index) }
    }

    func successor(of state: [UInt8], by action: Int) -> [UInt8]? {
        var next = state
        let slot = action % state.count
        if action < state.count {
            next[slot] = (next[slot] &* 3 &+ 1) % 7
        } else {
            next[slot] = next[(slot + 1) % state.count]
        }
        return next
    }

    var properties: [Property<ScrambleModel>] {
        [
            .always("notAllSix") { _, state in !state.allSatisfy { $0 == 6 } },
            .always("sumBelowTwenty") { _, state in state.reduce(0) { $0 + Int($1) } < 20 },
            .always("valuesBelowSeven") { _, state in state.allSatisfy { $0 < 7 } },
            .sometimes("ascending") { _, state in state == [1, 2, 4, 6] },
            .transition("firstNeverJumpsToFive") { _, state, _, next in !(state[0] != 5 && next[0] == 5) },
        ]
    }

    func encode(_ state: [UInt8], into encoder: inout StateEncoder) {
        for value in state { encoder.append(value) }
    }

    func describe(_ action: Int, in state: [UInt8]) -> ActionInfo { ActionInfo(actor: "s", text: "action \(action)") }
    func describe(_ state: [UInt8]) -> JSONValue { .array(state.map { .int(Int($0)) }) }
}

@Suite("Results do not depend on the number of workers")
struct DeterminismTests {
    static func run(workers: Int, strategy: CheckOptions.Strategy = .bfs) -> CheckResult<ScrambleModel> {
        var options = CheckOptions()
        options.workers = workers
        options.strategy = strategy
        options.walks = 200
        options.maxDepth = strategy == .random ? 30 : nil
        return ModelChecker.check(ScrambleModel(), options: options)
    }

    static func traces(_ result: CheckResult<ScrambleModel>) -> [[Int]?] {
        result.properties.map { property in property.trace.map { $0.steps.map(\.action) } }
    }

    @Test("breadth-first counts, depth and traces are identical for 1 to 4 workers")
    func breadthFirst() {
        let reference = Self.run(workers: 1)
        #expect(reference.complete)
        #expect(reference.statistics.distinct == 1296)
        #expect(reference.properties.map(\.outcome) == [.violated, .violated, .holds, .witnessed, .violated])
        for workers in 2...4 {
            let other = Self.run(workers: workers)
            #expect(other.statistics.distinct == reference.statistics.distinct)
            #expect(other.statistics.depth == reference.statistics.depth)
            #expect(Self.traces(other) == Self.traces(reference), "workers \(workers)")
            #expect(other.properties.map(\.outcome) == reference.properties.map(\.outcome))
        }
    }

    @Test("random walks with one seed find the same traces for 1 and 3 workers")
    func randomWalks() {
        let one = Self.run(workers: 1, strategy: .random)
        let three = Self.run(workers: 3, strategy: .random)
        #expect(!one.complete)
        #expect(Self.traces(one) == Self.traces(three))
        #expect(one.properties.contains { $0.outcome == .violated })
    }

    @Test("depth-first search refutes what breadth-first refutes, with traces that replay")
    func depthFirst() throws {
        let bfs = Self.run(workers: 1)
        let dfs = Self.run(workers: 1, strategy: .dfs)
        for (a, b) in zip(bfs.properties, dfs.properties) where a.kind != .sometimes {
            #expect(a.outcome == b.outcome, "\(a.name)")
            if let trace = b.trace {
                #expect(trace.length >= a.trace!.length, "BFS traces are shortest")
                #expect(b.note?.contains("not necessarily the shortest") == true)
            }
        }
    }
}
