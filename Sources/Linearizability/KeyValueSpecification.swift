import Support
/// A key-value map of strings with get, put and append (Porcupine's `kv` model), partitioned
/// by key. A get of a key never written returns "". Keys are interned in `keys`.
public struct KeyValueSpecification: Specification {
    public enum Input: Sendable, Hashable {
        case get(key: Int)
        case put(key: Int, value: String)
        case append(key: Int, value: String)
    }

    public enum Output: Sendable, Hashable {
        case value(String)
        case done
    }

    /// The written keys and their values, sorted by key index. A partition of a partitioned
    /// check holds one key, so its state is a single pair.
    public struct State: Sendable, Hashable, StableHashable {
        public var entries: [Entry] = []
        public init() {}

        public func value(of key: Int) -> String {
            for entry in entries where entry.key == key { return entry.value }
            return ""
        }

        public func setting(_ key: Int, to value: String) -> State {
            var copy = self
            var index = 0
            while index < copy.entries.count && copy.entries[index].key < key { index += 1 }
            if index < copy.entries.count && copy.entries[index].key == key {
                copy.entries[index].value = value
            } else {
                copy.entries.insert(Entry(key: key, value: value), at: index)
            }
            return copy
        }

        public func stableHash(into hasher: inout StableHasher) {
            hasher.combine(entries.count)
            for entry in entries {
                hasher.combine(entry.key)
                hasher.combine(entry.value)
            }
        }
    }

    public struct Entry: Sendable, Hashable {
        public var key: Int
        public var value: String
    }

    public let name = "kv"
    public let keys: [String]
    public let initialState = State()

    public init(keys: [String]) { self.keys = keys }

    public func step(_ state: State, _ input: Input) -> [(output: Output, state: State)] {
        switch input {
        case .get(let key): return [(.value(state.value(of: key)), state)]
        case .put(let key, let value): return [(.done, state.setting(key, to: value))]
        case .append(let key, let value): return [(.done, state.setting(key, to: state.value(of: key) + value))]
        }
    }

    public func successors(of state: State, input: Input, observed: Output?, into buffer: inout [State]) {
        switch input {
        case .get(let key):
            if let observed, observed != .value(state.value(of: key)) { return }
            buffer.append(state)
        case .put(let key, let value):
            if let observed, observed != .done { return }
            buffer.append(state.setting(key, to: value))
        case .append(let key, let value):
            if let observed, observed != .done { return }
            buffer.append(state.setting(key, to: state.value(of: key) + value))
        }
    }

    public func isReadOnly(_ input: Input, observed: Output?) -> Bool {
        if case .get = input { return true }
        return false
    }

    public func footprint(of input: Input) -> [Int]? {
        switch input {
        case .get(let key), .put(let key, _), .append(let key, _): return [key]
        }
    }

    public func describe(input: Input) -> String {
        switch input {
        case .get(let key): return "get(\(quoted(keys[key])))"
        case .put(let key, let value): return "put(\(quoted(keys[key])), \(quoted(value)))"
        case .append(let key, let value): return "append(\(quoted(keys[key])), \(quoted(value)))"
        }
    }

    public func describe(output: Output) -> String {
        switch output {
        case .value(let value): return quoted(value)
        case .done: return "ok"
        }
    }

    public func describe(state: State) -> String {
        if state.entries.isEmpty { return "every key holds \"\"" }
        let shown = state.entries.prefix(8).map { "\(quoted(keys[$0.key])) holds \(quoted($0.value))" }
        let more = state.entries.count > 8 ? " and \(state.entries.count - 8) more keys" : ""
        return shown.joined(separator: ", ") + more
    }

    private func quoted(_ text: String) -> String { "\"" + text + "\"" }
}
