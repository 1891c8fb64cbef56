/// How a check runs. Every limit is explicit so that a check always terminates and says
/// whether it was complete.
public struct LinearizabilityOptions: Sendable {
    /// Wall-clock limit for the whole check; nil means none. Reaching it gives `unknown`.
    public var timeLimitSeconds: Double?
    /// When the time limit started to run (monotonic nanoseconds, `DispatchTime`'s uptime): a
    /// tool that reads the history first sets it before reading, so that the limit covers the
    /// whole run. Nil: when the check starts.
    public var startedAtNanoseconds: UInt64?
    /// Use the specification's footprints to check independent objects separately. Turning
    /// this off checks the history as one object, which is slower but trusts nothing about
    /// the specification's locality.
    public var partitioned: Bool
    /// Upper bound on the memory of the memoization cache of one partition's search, in
    /// bytes. Reaching it gives `unknown` rather than exhausting the machine.
    public var cacheBytesMax: Int
    /// Check partitions on several threads.
    public var parallel: Bool
    /// Record the longest linearizable prefix of an illegal partition and explain it.
    public var explain: Bool
    /// Checking whole (`partitioned: false`) with a specification that has footprints: decide
    /// from its partitions by Herlihy and Wing's locality. A partition without a linearization
    /// makes the whole history illegal (the footprints are then trusted exactly as a
    /// partitioned check trusts them); linearizations of every partition are merged and the
    /// merge is replayed against the whole specification, so an `ok` trusts nothing. False
    /// forces the plain search of the whole history, which trusts nothing either way and is
    /// exponential in the number of concurrent clients. Specifications without footprints
    /// (the store, with its global revision) are always searched whole.
    public var locality: Bool
    /// A partition is cut where no completed operation is open once the chunk before the cut
    /// has at least this many operations (see `PartitionSearch`); `Int.max` never cuts.
    public var cutOperationsMin: Int
    /// A chunk that can end in more configurations than this is not cut after.
    public var carriedConfigurationsMax: Int
    /// Narrow the operations' intervals by the order the progress they observed forces (the
    /// store's revisions; see `ProgressOrder`) before searching. The narrowed history has the
    /// same linearizations; false searches the history as recorded (for differential tests).
    public var progressOrder: Bool
    /// Ask the specification for observations that contradict each other before searching
    /// (`Specification.contradiction(among:)`: the store's reads of a key against its writes,
    /// by revision). False leaves every verdict to the search (for differential tests).
    public var contradictions: Bool
    /// Narrow the intervals by which write each read observed (`Specification.readSources`,
    /// the key-value map's gets; see `ReadOrder`) before searching. Same linearizations; false
    /// searches the history as recorded (for differential tests).
    public var readOrder: Bool
    /// Place writes whose effect no read observes at once where the value they end is dead, and
    /// memoize dead values as one (`Specification.overwrites`, the key-value map's; see
    /// `Overwrites`). The same verdicts; false searches every order of such writes (for
    /// differential tests).
    public var overwrites: Bool

    public init(
        timeLimitSeconds: Double? = nil, partitioned: Bool = true, cacheBytesMax: Int = 4 << 30,
        parallel: Bool = true, explain: Bool = true, locality: Bool = true, cutOperationsMin: Int = 256,
        carriedConfigurationsMax: Int = 64, progressOrder: Bool = true,
        contradictions: Bool = true, readOrder: Bool = true, overwrites: Bool = true
    ) {
        precondition(timeLimitSeconds.map { $0 >= 0 } ?? true, "a time limit cannot be negative")
        precondition(cacheBytesMax > 0, "the cache needs some memory")
        precondition(cutOperationsMin >= 1 && carriedConfigurationsMax >= 1, "chunks hold an operation and a configuration")
        self.cutOperationsMin = cutOperationsMin
        self.carriedConfigurationsMax = carriedConfigurationsMax
        self.progressOrder = progressOrder
        self.contradictions = contradictions
        self.readOrder = readOrder
        self.overwrites = overwrites
        self.timeLimitSeconds = timeLimitSeconds
        self.partitioned = partitioned
        self.cacheBytesMax = cacheBytesMax
        self.parallel = parallel
        self.explain = explain
        self.locality = locality
    }
}
