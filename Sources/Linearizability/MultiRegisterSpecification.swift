import Support
/// Several registers read and written together, one operation touching several of them
/// atomically (Knossos's `multi-register`: a `:txn` of `[:read k v]` and `[:write k v]`
/// micro-operations). A read micro-operation whose observed value is nil is unconstrained,
/// as in Knossos. Partitioned by the connected registers.
public struct MultiRegisterSpecification: Specification {
    public enum Micro: Sendable, Hashable {
        case read(key: Int)
        case write(key: Int, value: Int)
    }

    public typealias Input = [Micro]
    /// One slot per micro-operation: the value a read saw (nil when unconstrained), nil for
    /// writes.
    public typealias Output = [Int?]

    public let name = "multi-register"
    public let keys: [String]
    public let values: ValueTable
    /// The value index held by each register, by key index.
    public let initialState: [Int]

    public init(keys: [String], values: ValueTable, initial: Int = 0) {
        self.keys = keys
        self.values = values
        initialState = Array(repeating: initial, count: keys.count)
    }

    public func step(_ state: [Int], _ input: Input) -> [(output: Output, state: [Int])] {
        var next = state
        var output: Output = []
        output.reserveCapacity(input.count)
        for micro in input {
            switch micro {
            case .read(let key): output.append(next[key])
            case .write(let key, let value):
                next[key] = value
                output.append(nil)
            }
        }
        return [(output, next)]
    }

    public func accepts(observed: Output, produced: Output) -> Bool {
        guard observed.count == produced.count else { return false }
        for (seen, actual) in zip(observed, produced) where seen != nil && seen != actual { return false }
        return true
    }

    public func isReadOnly(_ input: Input, observed: Output?) -> Bool {
        input.allSatisfy { micro in
            if case .read = micro { return true }
            return false
        }
    }

    public func footprint(of input: Input) -> [Int]? {
        input.map { micro in
            switch micro {
            case .read(let key), .write(let key, _): return key
            }
        }
    }

    public func describe(input: Input) -> String {
        let parts = input.map { micro -> String in
            switch micro {
            case .read(let key): return "read \(keys[key])"
            case .write(let key, let value): return "write \(keys[key])=\(values.name(value))"
            }
        }
        return "txn[" + parts.joined(separator: ", ") + "]"
    }

    public func describe(output: Output) -> String {
        "[" + output.map { $0.map { values.name($0) } ?? "_" }.joined(separator: ", ") + "]"
    }

    public func describe(state: [Int]) -> String {
        let shown = state.indices.prefix(8).map { "\(keys[$0])=\(values.name(state[$0]))" }
        return "the registers hold {" + shown.joined(separator: ", ") + (state.count > 8 ? ", …" : "") + "}"
    }
}
