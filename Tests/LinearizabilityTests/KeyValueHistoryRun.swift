@testable import Linearizability
import Support

/// The outcomes of a random kv history, as the read-order and overwrite tests draw them: each
/// call takes effect at a random point of its interval (a pending one late, or never) against a
/// real map, so its gets read true values; then, half the time, one get reads another value its
/// key held, or one nobody wrote.
enum KeyValueHistoryRun {
    typealias KV = KeyValueSpecification
    typealias Op = Operation<KV.Input, KV.Output>

    static func realize(_ calls: [Op], _ random: inout SplitMix64) -> [Op] {
        var operations = calls
        let points = operations.map { operation -> Int64 in
            let end = operation.returnTime ?? operation.callTime + 6
            return operation.callTime * 8 + Int64(random.below(Int((end - operation.callTime) * 8 + 1)))
        }
        var map = KV.State()
        var held: [[String]] = [[""], [""]]
        for index in operations.indices.sorted(by: { (points[$0], $0) < (points[$1], $1) }) {
            let input = operations[index].input
            if operations[index].isPending && random.chance(50) { continue }
            let (output, next) = KV(keys: ["a", "b"]).step(map, input)[0]
            map = next
            switch input {
            case .put(let key, _), .append(let key, _): held[key].append(map.value(of: key))
            case .get: break
            }
            if !operations[index].isPending { operations[index].output = output }
        }
        let gets = operations.indices.filter { if case .get = operations[$0].input { !operations[$0].isPending } else { false } }
        if !gets.isEmpty && random.chance(50) {
            let target = gets[random.below(gets.count)]
            guard case .get(let key) = operations[target].input else { preconditionFailure("a get") }
            let values = held[key] + ["t99."]
            operations[target].output = .value(values[random.below(values.count)])
        }
        return operations
    }
}
