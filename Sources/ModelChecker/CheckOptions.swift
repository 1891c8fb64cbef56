import Foundation

/// How to explore: the search strategy and its bounds.
public struct CheckOptions: Sendable {
    public enum Strategy: String, Sendable, CaseIterable {
        /// Level-synchronous parallel breadth-first search: shortest counterexamples.
        case bfs
        /// Depth-first search bounded by `maxDepth`: for deep bugs; traces are not shortest.
        case dfs
        /// Seeded random walks: for spaces too large to exhaust; never complete.
        case random
    }

    public var strategy: Strategy = .bfs
    /// Worker threads for breadth-first search and random walks; results do not depend on it.
    public var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Explore states up to this depth (TLC's depth: the initial state has depth 1).
    public var maxDepth: Int?
    /// Stop at the end of the level in which this many distinct states have been stored.
    public var maxStates: Int?
    /// Stop after this many seconds (the only bound whose result may depend on the machine).
    public var timeLimit: Double?
    /// Store whole state encodings instead of 64-bit fingerprints (no collision possible).
    public var exact = false
    /// Store one canonical representative per orbit of the model's symmetry.
    public var symmetry = false
    /// Stop at the end of the level in which the first property was violated.
    public var stopAtFirst = false
    /// Report a state with no successor as a violation of `deadlockFree`.
    public var checkDeadlock = false
    /// Random walks: the seed (printed with any failure) and the number of walks.
    public var seed: UInt64 = 1
    public var walks: Int = 1000
    /// Random walks: the longest walk, in actions, when `maxDepth` is not given.
    public var defaultWalkLength = 1000
    /// Called every `progressInterval` seconds on long runs (the CLI prints it on stderr).
    public var progress: (@Sendable (ProgressReport) -> Void)?
    public var progressInterval: Double = 5

    public init() {}
}

/// A snapshot of a running search, for the progress line.
public struct ProgressReport: Sendable {
    public var seconds: Double
    public var depth: Int
    public var distinct: Int
    public var generated: Int
    public var queue: Int

    public init(seconds: Double, depth: Int, distinct: Int, generated: Int, queue: Int) {
        self.seconds = seconds
        self.depth = depth
        self.distinct = distinct
        self.generated = generated
        self.queue = queue
    }

    public var line: String {
        let rate = seconds > 0 ? Double(distinct) / seconds : 0
        return "progress: \(Int(seconds))s depth \(depth), \(distinct) distinct, \(generated) generated, "
            + "queue \(queue), \(Int(rate)) distinct/s"
    }
}
