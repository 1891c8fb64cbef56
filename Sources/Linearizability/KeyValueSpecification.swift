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
    ///
    /// Each value carries a polynomial hash of its bytes, kept up to date as values are
    /// appended to (`h(s + t) = h(s) · B^|t| + h(t)`), so hashing a state costs the same however
    /// long its values have grown; appends make values hundreds of bytes long on Porcupine's
    /// histories, and hashing them byte by byte was the search's largest cost. Equal values have
    /// equal hashes, so the hash is compared first and the bytes only when they agree.
    public struct State: Sendable, Hashable, StableHashable {
        /// The entry of the smallest key written, held inline, and the others in key order: a
        /// partition's state is one key, so a transition copies no array.
        private var first: Entry?
        private var others: [Entry] = []
        public init() {}

        /// The written keys and their values, in key order.
        public var entries: [Entry] { first.map { [$0] + others } ?? [] }

        public func value(of key: Int) -> String {
            if let first, first.key == key { return first.value }
            for entry in others where entry.key == key { return entry.value }
            return ""
        }

        /// The state with `key` holding `value`, or `value` appended to what it holds.
        public func setting(_ key: Int, to value: String, appending: Bool = false) -> State {
            var copy = self
            guard let first else {
                copy.first = Entry(key: key, value: value)
                return copy
            }
            if first.key == key {
                copy.first!.set(value, appending: appending)
            } else if key < first.key {
                copy.first = Entry(key: key, value: value)
                copy.others.insert(first, at: 0)
            } else {
                var index = 0
                while index < copy.others.count && copy.others[index].key < key { index += 1 }
                if index < copy.others.count && copy.others[index].key == key {
                    copy.others[index].set(value, appending: appending)
                } else {
                    copy.others.insert(Entry(key: key, value: value), at: index)
                }
            }
            return copy
        }

        /// The polynomial hash of `key`'s value (0, the hash of "", for a key never written).
        func valueHash(of key: Int) -> UInt64 {
            if let first, first.key == key { return first.hash }
            for entry in others where entry.key == key { return entry.hash }
            return 0
        }

        /// The state with the value of every written key for which `replace(key, hash of value)`
        /// is true replaced by `marker`, or nil when there is none (see `overwrites(among:)`).
        func replacingValues(with marker: String, where replace: (Int, UInt64) -> Bool) -> State? {
            var copy: State?
            var template: Entry?
            func marked(_ key: Int) -> Entry {
                if template == nil { template = Entry(key: key, value: marker) }
                template!.key = key
                return template!
            }
            if let first, replace(first.key, first.hash) {
                copy = self
                copy!.first = marked(first.key)
            }
            for (index, entry) in others.enumerated() where replace(entry.key, entry.hash) {
                if copy == nil { copy = self }
                copy!.others[index] = marked(entry.key)
            }
            return copy
        }

        public func stableHash(into hasher: inout StableHasher) {
            hasher.combine(others.count + (first == nil ? 0 : 1))
            if let first {
                hasher.combine(first.key)
                hasher.combine(first.hash)
            }
            for entry in others {
                hasher.combine(entry.key)
                hasher.combine(entry.hash)
            }
        }
    }

    public struct Entry: Sendable, Hashable {
        public var key: Int
        /// The polynomial hash of `value`'s UTF-8 bytes (see `State`); declared before the value
        /// so that the synthesized equality compares it first.
        public fileprivate(set) var hash: UInt64
        public fileprivate(set) var value: String

        public init(key: Int, value: String) {
            self.key = key
            self.hash = Entry.hash(of: value).hash
            self.value = value
        }

        /// Holds `text`, or `text` appended to what it holds, keeping the hash up to date.
        mutating func set(_ text: String, appending: Bool) {
            let token = Entry.hash(of: text)
            if appending {
                value += text
                hash = hash &* token.power &+ token.hash
            } else {
                value = text
                hash = token.hash
            }
        }

        /// An odd multiplier, so that the powers never vanish modulo 2^64.
        static let base: UInt64 = 0x100_0000_01B3

        /// The hash of `text` and `base` to the power of its length.
        static func hash(of text: String) -> (hash: UInt64, power: UInt64) {
            var hash: UInt64 = 0
            var power: UInt64 = 1
            for byte in text.utf8 {
                hash = hash &* base &+ UInt64(byte) &+ 1
                power = power &* base
            }
            return (hash, power)
        }
    }

    public let name = "kv"
    public let keys: [String]
    public let initialState = State()

    public init(keys: [String]) { self.keys = keys }

    public func step(_ state: State, _ input: Input) -> [(output: Output, state: State)] {
        switch input {
        case .get(let key): return [(.value(state.value(of: key)), state)]
        case .put(let key, let value): return [(.done, state.setting(key, to: value))]
        case .append(let key, let value): return [(.done, state.setting(key, to: value, appending: true))]
        }
    }

    public func successors(of state: State, input: Input, observed: Output?, into buffer: inout [State]) {
        switch input {
        case .get(let key):
            switch observed {
            case .value(let seen)?: if seen != state.value(of: key) { return }
            case .done?: return
            case nil: break
            }
            buffer.append(state)
        case .put(let key, let value):
            if let observed, observed != .done { return }
            buffer.append(state.setting(key, to: value))
        case .append(let key, let value):
            if let observed, observed != .done { return }
            buffer.append(state.setting(key, to: value, appending: true))
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
