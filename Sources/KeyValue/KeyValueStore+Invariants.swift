extension KeyHistory {
    /// What is wrong with the history, nil when it is well-formed (a snapshot's check).
    var problem: String? {
        if versions.isEmpty { return "no versions" }
        var previous: Version?
        for version in versions {
            if version.isTombstone {
                if !version.value.isEmpty || version.lease != 0 || version.version != 0 || version.createRevision != 0 {
                    return "a tombstone with a value, lease, version or create revision"
                }
            } else if version.version < 1 || version.createRevision > version.revision || version.createRevision < 1 {
                return "version \(version.version) created at \(version.createRevision) written at \(version.revision)"
            }
            if let previous {
                if previous.revision >= version.revision { return "revisions do not increase" }
                if version.isTombstone && previous.isTombstone { return "two deletions in a row" }
                if !version.isTombstone && !previous.isTombstone
                    && (version.version != previous.version + 1 || version.createRevision != previous.createRevision) {
                    return "a change that does not add one to the version or keep the create revision"
                }
                if !version.isTombstone && previous.isTombstone && (version.version != 1 || version.createRevision != version.revision) {
                    return "a re-creation that does not start at version 1"
                }
            }
            previous = version
        }
        return nil
    }
}

extension KeyValueStore {
    /// Checks every invariant of the state (for tests and debug runs; linear in its size).
    public func checkInvariants() {
        order.checkInvariants()
        precondition(compactRevision <= revision && revision >= 1, "the compaction revision is not past the revision")
        precondition(eventLog.lastRevision == revision, "the event log ends at the store's revision")
        precondition(eventLog.base == max(compactRevision, 1), "the event log starts at the compaction revision")
        var indexed = 0
        var attached: [Int64: Int] = [:]
        for (slot, history) in histories.enumerated() where !history.versions.isEmpty {
            indexed += 1
            precondition(history.problem == nil, "key history: \(history.problem ?? "")")
            precondition(slotOfKey[HashedKey(history.key)] == Int32(slot), "the key's slot is indexed")
            precondition(history.versions.last!.revision <= revision, "no version from the future")
            if let live = history.live, live.lease != 0 {
                precondition(leases[live.lease]?.keys.contains(history.key) == true, "a key's lease lists it")
                attached[live.lease, default: 0] += 1
            }
        }
        precondition(indexed == order.count && indexed == slotOfKey.count, "every used slot is indexed once")
        for (id, record) in leases {
            precondition(record.keys.count == attached[id, default: 0], "a lease lists exactly its live keys")
            precondition(record.ttlSeconds >= limits.leaseTTLSecondsMin, "a lease's TTL is at least the minimum")
        }
    }
}
