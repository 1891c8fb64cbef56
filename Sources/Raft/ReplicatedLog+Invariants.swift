extension ReplicatedLog {
    /// Checks the log's invariants (debug builds; every mutation ends with it). Entry indexes are
    /// contiguous after the compacted position, terms never decrease, and the marks are ordered.
    func assertInvariants() {
        #if DEBUG
        assert(appliedIndex >= compacted.index, "applied \(appliedIndex) below compacted \(compacted.index)")
        assert(commitIndex >= appliedIndex, "commit \(commitIndex) below applied \(appliedIndex)")
        assert(commitIndex <= lastIndex, "commit \(commitIndex) beyond last \(lastIndex)")
        assert(unstableFrom > compacted.index && unstableFrom <= lastIndex + 1, "unstableFrom \(unstableFrom) outside the log")
        if let first = entries.first {
            assert(first.index == compacted.index + 1, "first entry \(first.index) does not follow compacted \(compacted.index)")
            assert(first.term >= compacted.term, "first entry's term below the compacted term")
        }
        // Checking every pair would make each mutation linear in the log; the tail is where
        // appends and truncations happen, so check the last few.
        let tail = entries.suffix(8)
        for (earlier, later) in zip(tail, tail.dropFirst()) {
            assert(later.index == earlier.index + 1, "indexes \(earlier.index), \(later.index) not contiguous")
            assert(later.term >= earlier.term, "terms decrease at \(later.index)")
        }
        #endif
    }
}
