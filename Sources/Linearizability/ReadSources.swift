/// Reads that can only have observed one chain of writes (a get of a value that exactly one
/// sequence of the key's put and appends produces), and the writes that rival them, found by a specification from the values observed
/// (see `Specification.readSources(among:)`) and used by `ReadOrder` to narrow intervals.
public struct ReadSources: Sendable, Equatable {
    /// One read and the one chain of writes it can have observed: in every linearization the
    /// writes take effect in this order and before the read, and no write of `group` outside
    /// the chain comes between the first of them and the read.
    public struct Source: Sendable, Equatable {
        /// Positions in the history given to `readSources(among:)`, completed operations, in
        /// the order they take effect (a put and the appends after it, say).
        public var writers: [Int]
        public var reader: Int
        /// The index in `groups` of the writes that rival the chain (the same object's).
        public var group: Int

        public init(writers: [Int], reader: Int, group: Int) {
            precondition(!writers.isEmpty && Set(writers).count == writers.count, "a chain of distinct writes")
            self.writers = writers
            self.reader = reader
            self.group = group
        }
    }

    /// Per object, positions of completed writes of it (any subset of them is sound).
    public var groups: [[Int]]
    public var sources: [Source]

    public init(groups: [[Int]], sources: [Source]) {
        for source in sources { precondition(groups.indices.contains(source.group), "a source names a group") }
        self.groups = groups
        self.sources = sources
    }
}
