/// Reads that can only have observed one write (a get of a value exactly one write of the key
/// produces), and the writes that rival it, found by a specification from the values observed
/// (see `Specification.readSources(among:)`) and used by `ReadOrder` to narrow intervals.
public struct ReadSources: Sendable, Equatable {
    /// One read and the one write it can have observed: in every linearization the write comes
    /// before the read, and no write of `group` other than it comes between them.
    public struct Source: Sendable, Equatable {
        /// Positions in the history given to `readSources(among:)`, both completed operations.
        public var writer: Int
        public var reader: Int
        /// The index in `groups` of the writes that rival `writer` (the same object's).
        public var group: Int

        public init(writer: Int, reader: Int, group: Int) {
            self.writer = writer
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
