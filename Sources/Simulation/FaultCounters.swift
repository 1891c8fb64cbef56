/// What one run injected, so a run that injected nothing shows it.
public struct FaultCounters: Hashable, Sendable {
    public var drops = 0
    public var duplicates = 0
    public var partitions = 0
    public var crashes = 0
    public var pauses = 0
    /// Crashes that cut a record mid-write (see `StoreNode.crashAndRestart`).
    public var tornWrites = 0

    public init() {}

    public var fields: [(String, Int)] {
        [("drops", drops), ("duplicates", duplicates), ("partitions", partitions), ("crashes", crashes),
         ("pauses", pauses), ("tornWrites", tornWrites)]
    }
}
