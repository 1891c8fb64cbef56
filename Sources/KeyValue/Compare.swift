/// One condition of a transaction (etcd's `Compare`): a target of every key of a range
/// compared with an operand. It holds when it holds for every key in the range; when the range
/// is empty, a value compare fails and the other targets compare 0 (etcd's `applyCompare`).
public struct Compare: Hashable, Sendable {
    public enum Target: Hashable, Sendable {
        /// Compared bytewise.
        case value([UInt8])
        case version(Int64)
        case createRevision(Int64)
        case modRevision(Int64)
        case lease(Int64)
    }

    public enum Result: UInt8, Hashable, Sendable {
        case equal = 0
        case greater = 1
        case less = 2
        case notEqual = 3
    }

    public var range: KeyRange
    public var target: Target
    public var result: Result

    public init(range: KeyRange, target: Target, result: Result) {
        self.range = range
        self.target = target
        self.result = result
    }

    public init(key: String, _ target: Target, _ result: Result) {
        self.init(range: KeyRange(key: KeyBytes.of(key)), target: target, result: result)
    }
}
