extension KeyValueStore {
    static let snapshotMagic: [UInt8] = Array("KVS1".utf8)

    /// The whole state (revision, compaction revision, every retained key version, leases) in
    /// a canonical encoding: equal states give equal bytes. The watch history since the
    /// compaction revision is derived from the key versions, so it is not written twice.
    public func snapshot() -> [UInt8] {
        var writer = BinaryWriter()
        for byte in KeyValueStore.snapshotMagic { writer.byte(byte) }
        writer.signed(revision)
        writer.signed(compactRevision)
        writer.signed(nextLeaseID)
        let slots = order.allSlots
        writer.count(slots.count)
        for slot in slots {
            let history = histories[Int(slot)]
            writer.data(history.key)
            writer.list(history.versions) { writer, version in
                writer.signed(version.revision)
                writer.unsigned(UInt64(version.sub))
                writer.bool(version.isTombstone)
                writer.data(version.value)
                writer.signed(version.createRevision)
                writer.signed(version.version)
                writer.signed(version.lease)
            }
        }
        writer.list(leaseIDs) { writer, id in
            let record = leases[id]!
            writer.signed(id)
            writer.signed(record.ttlSeconds)
            writer.unsigned(record.epoch)
            writer.bool(record.checkpointMilliseconds != nil)
            if let remaining = record.checkpointMilliseconds { writer.signed(remaining) }
        }
        return writer.bytes
    }

    /// Restores a snapshot, checking it thoroughly: a corrupt one is refused with the reason.
    public init(snapshot bytes: [UInt8], limits: StoreLimits = StoreLimits()) throws(CodecError) {
        self.init(limits: limits)
        var reader = BinaryReader(bytes)
        for expected in KeyValueStore.snapshotMagic {
            guard try reader.byte() == expected else { throw CodecError(offset: reader.offset - 1, "not a store snapshot (bad magic)") }
        }
        revision = try reader.nonNegative("revision")
        compactRevision = try reader.nonNegative("compact revision")
        nextLeaseID = try reader.nonNegative("next lease id")
        guard revision >= 1, compactRevision <= revision else {
            throw CodecError(offset: reader.offset, "revision \(revision) with compaction revision \(compactRevision)")
        }
        histories = try KeyValueStore.readHistories(&reader, revision: revision)
        for (slot, history) in histories.enumerated() {
            if let previous = slot > 0 ? histories[slot - 1].key : nil, KeyBytes.compare(previous, history.key) >= 0 {
                throw CodecError(offset: reader.offset, "keys are not sorted and distinct")
            }
            slotOfKey[HashedKey(history.key)] = Int32(slot)
            order.insert(history.key, slot: Int32(slot))
        }
        try readLeases(&reader)
        try reader.expectEnd()
        try attachLeaseKeys(at: reader.offset)
        try rebuildEventLog(at: reader.offset)
    }

    private static func readHistories(_ reader: inout BinaryReader, revision: Int64) throws(CodecError) -> [KeyHistory] {
        try reader.list(bytesPerItemMin: 2) { (reader: inout BinaryReader) throws(CodecError) -> KeyHistory in
            let key = try reader.data()
            guard !key.isEmpty else { throw CodecError(offset: reader.offset, "an empty key") }
            let versions = try reader.list(bytesPerItemMin: 7) { (reader: inout BinaryReader) throws(CodecError) -> KeyHistory.Version in
                let start = reader.offset
                let version = KeyHistory.Version(
                    revision: try reader.nonNegative("revision"), sub: Int32(truncatingIfNeeded: try reader.unsigned() & 0x7fff_ffff),
                    isTombstone: try reader.bool(), value: try reader.data(), createRevision: try reader.nonNegative("create revision"),
                    version: try reader.nonNegative("version"), lease: try reader.nonNegative("lease"))
                guard version.revision >= 2 && version.revision <= revision else {
                    throw CodecError(offset: start, "a version at revision \(version.revision) outside 2...\(revision)")
                }
                return version
            }
            let history = KeyHistory(key: key, versions: versions)
            if let problem = history.problem {
                throw CodecError(offset: reader.offset, "key \(KeyBytes.text(key)): \(problem)")
            }
            return history
        }
    }

    private mutating func readLeases(_ reader: inout BinaryReader) throws(CodecError) {
        let count = try reader.count(bytesPerItemMin: 4)
        var previous: Int64 = 0
        for _ in 0..<count {
            let start = reader.offset
            let id = try reader.signed()
            let ttl = try reader.signed()
            let epoch = try reader.unsigned()
            let checkpoint: Int64? = try reader.bool() ? try reader.nonNegative("checkpoint") : nil
            guard id > previous else { throw CodecError(offset: start, "lease ids are not positive and ascending") }
            guard ttl >= 1 && ttl <= limits.leaseTTLSecondsMax else { throw CodecError(offset: start, "lease \(id) has TTL \(ttl)") }
            previous = id
            leases[id] = LeaseRecord(id: id, ttlSeconds: ttl, keys: [], epoch: epoch, checkpointMilliseconds: checkpoint)
        }
    }

    /// A lease's keys are the live keys whose version names it; each must name a lease.
    private mutating func attachLeaseKeys(at offset: Int) throws(CodecError) {
        for history in histories {
            guard let live = history.live, live.lease != 0 else { continue }
            guard leases[live.lease] != nil else {
                throw CodecError(offset: offset, "key \(KeyBytes.text(history.key)) is attached to lease \(live.lease), which does not exist")
            }
            leases[live.lease]!.keys.insert(history.key)
        }
    }

    /// The events of every retained revision from the versions written at it, in the order the
    /// revision made them; every revision after 1 made at least one change.
    private mutating func rebuildEventLog(at offset: Int) throws(CodecError) {
        let first = max(compactRevision, 1)
        var byRevision: [[(sub: Int32, event: Event)]] = Array(repeating: [], count: Int(revision - first + 1))
        for history in histories {
            for (index, version) in history.versions.enumerated() where version.revision >= first {
                byRevision[Int(version.revision - first)].append((version.sub, history.event(at: index)))
            }
        }
        eventLog = EventLog(base: first)
        for (index, changes) in byRevision.enumerated() {
            let at = first + Int64(index)
            let sorted = changes.sorted { $0.sub < $1.sub }
            guard sorted.map(\.sub) == (0..<Int32(sorted.count)).map({ $0 }) else {
                throw CodecError(offset: offset, "the changes of revision \(at) are not numbered 0..<\(sorted.count)")
            }
            guard at == 1 || !sorted.isEmpty else { throw CodecError(offset: offset, "revision \(at) changed nothing") }
            eventLog.append(sorted.map(\.event), at: at)
        }
    }
}
