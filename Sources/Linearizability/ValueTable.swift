/// Interns the values of a history as small integers so that states are plain machine words
/// (fast to copy, compare and hash). Index 0 is reserved for nil, the absent value.
public struct ValueTable: Sendable, Equatable {
    public private(set) var names: [String] = ["nil"]
    private var indexOfName: [String: Int] = [:]

    public init() {}

    /// The index of `name`, interning it on first sight. Nil maps to 0.
    public mutating func intern(_ name: String?) -> Int {
        guard let name else { return 0 }
        if let index = indexOfName[name] { return index }
        let index = names.count
        names.append(name)
        indexOfName[name] = index
        return index
    }

    public func lookup(_ name: String?) -> Int? {
        guard let name else { return 0 }
        return indexOfName[name]
    }

    public func name(_ index: Int) -> String {
        precondition(index >= 0 && index < names.count, "value \(index) was never interned")
        return names[index]
    }
}
