/// The named integer parameters a model was configured with, in their declared order (so they
/// print and encode stably): what a trace records so that replay rebuilds the same model.
public struct ParameterValues: Sendable, Hashable {
    public private(set) var entries: [(name: String, value: Int)]

    public init(_ entries: [(String, Int)]) { self.entries = entries.map { (name: $0.0, value: $0.1) } }

    public subscript(name: String) -> Int {
        get {
            guard let entry = entries.first(where: { $0.name == name }) else {
                preconditionFailure("no parameter named \(name)")
            }
            return entry.value
        }
        set {
            if let index = entries.firstIndex(where: { $0.name == name }) {
                entries[index].value = newValue
            } else {
                entries.append((name, newValue))
            }
        }
    }

    public func value(_ name: String) -> Int? { entries.first { $0.name == name }?.value }

    public static func == (lhs: ParameterValues, rhs: ParameterValues) -> Bool {
        lhs.entries.count == rhs.entries.count && zip(lhs.entries, rhs.entries).allSatisfy { $0 == $1 }
    }

    public func hash(into hasher: inout Hasher) {
        for entry in entries {
            hasher.combine(entry.name)
            hasher.combine(entry.value)
        }
    }
}
