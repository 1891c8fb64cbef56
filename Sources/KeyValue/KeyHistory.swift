/// Every retained version of one key, oldest first (etcd's `keyIndex` and the values it points
/// to, in one place). A tombstone marks a deletion; the key is live when its newest version is
/// not a tombstone.
struct KeyHistory: Hashable, Sendable {
    struct Version: Hashable, Sendable {
        /// The revision that wrote it, and its place among that revision's changes.
        var revision: Int64
        var sub: Int32
        var isTombstone: Bool
        var value: [UInt8]
        var createRevision: Int64
        var version: Int64
        var lease: Int64
    }

    var key: [UInt8]
    var versions: [Version]

    var latest: Version? { versions.last }

    var live: Version? {
        guard let last = versions.last, !last.isTombstone else { return nil }
        return last
    }

    /// The version visible at `revision`: the newest at or below it, nil when the key did not
    /// exist then.
    func visible(at revision: Int64) -> Version? {
        // Binary search for the last version with version.revision <= revision.
        var low = 0
        var high = versions.count
        while low < high {
            let middle = (low + high) / 2
            if versions[middle].revision <= revision { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let found = versions[low - 1]
        return found.isTombstone ? nil : found
    }

    /// The version before the one at `index`, as a key-value (nil if there is none or it is a
    /// tombstone): the previous value of an event.
    func previous(before index: Int) -> KeyValuePair? {
        guard index > 0 else { return nil }
        let before = versions[index - 1]
        return before.isTombstone ? nil : pair(before)
    }

    func pair(_ version: Version) -> KeyValuePair {
        precondition(!version.isTombstone, "a tombstone has no key-value")
        return KeyValuePair(key: key, value: version.value, createRevision: version.createRevision,
                            modRevision: version.revision, version: version.version, lease: version.lease)
    }

    /// The event the version at `index` made.
    func event(at index: Int) -> Event {
        let version = versions[index]
        if version.isTombstone {
            return Event(kind: .delete, kv: KeyValuePair(key: key, modRevision: version.revision), prevKv: previous(before: index))
        }
        return Event(kind: .put, kv: pair(version), prevKv: previous(before: index))
    }

    /// Drops what no read at or after `revision` and no event at or after it needs: every
    /// version older than the newest one below `revision` (which stays as the previous value of
    /// the first event at or after it, or as the value read at `revision`), and that one too when
    /// it is a tombstone. Returns whether anything is left.
    mutating func compact(below revision: Int64) -> Bool {
        var firstKept = 0
        while firstKept < versions.count && versions[firstKept].revision < revision { firstKept += 1 }
        // versions[firstKept - 1] is the newest below the compaction revision.
        var drop = max(0, firstKept - 1)
        if firstKept > 0 && versions[firstKept - 1].isTombstone { drop = firstKept }
        if drop > 0 { versions.removeFirst(drop) }
        return !versions.isEmpty
    }
}
