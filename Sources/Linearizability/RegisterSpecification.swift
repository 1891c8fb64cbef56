import Support
/// A single read/write register, optionally with compare-and-set (Jepsen's and Knossos's
/// `cas-register`). Values are interned in `values`; the state is the index of the value
/// held, 0 for nil.
public struct RegisterSpecification: Specification {
    public enum Input: Sendable, Hashable {
        case read
        case write(Int)
        case cas(expected: Int, new: Int)
    }

    public enum Output: Sendable, Hashable {
        case read(Int)
        case written
        case cas(Bool)
    }

    public let name: String
    public let initialState: Int
    public let values: ValueTable

    public init(name: String = "cas-register", initial: Int = 0, values: ValueTable) {
        precondition(initial >= 0 && initial < values.names.count, "the initial value must be interned")
        self.name = name
        self.initialState = initial
        self.values = values
    }

    public func step(_ state: Int, _ input: Input) -> [(output: Output, state: Int)] {
        switch input {
        case .read: return [(.read(state), state)]
        case .write(let value): return [(.written, value)]
        case .cas(let expected, let new):
            return state == expected ? [(.cas(true), new)] : [(.cas(false), state)]
        }
    }

    /// The same transitions as `step`, without building an array.
    public func successors(of state: Int, input: Input, observed: Output?, into buffer: inout [Int]) {
        switch input {
        case .read:
            if let observed, observed != .read(state) { return }
            buffer.append(state)
        case .write(let value):
            if let observed, observed != .written { return }
            buffer.append(value)
        case .cas(let expected, let new):
            let swapped = state == expected
            if let observed, observed != .cas(swapped) { return }
            buffer.append(swapped ? new : state)
        }
    }

    public func isReadOnly(_ input: Input, observed: Output?) -> Bool {
        switch input {
        case .read: return true
        case .write: return false
        case .cas: return observed == .cas(false)
        }
    }

    public func describe(input: Input) -> String {
        switch input {
        case .read: return "read"
        case .write(let value): return "write(\(values.name(value)))"
        case .cas(let expected, let new): return "cas(\(values.name(expected)), \(values.name(new)))"
        }
    }

    public func describe(output: Output) -> String {
        switch output {
        case .read(let value): return values.name(value)
        case .written: return "ok"
        case .cas(let swapped): return swapped ? "true" : "false"
        }
    }

    public func describe(state: Int) -> String { "the register holds \(values.name(state))" }
}
