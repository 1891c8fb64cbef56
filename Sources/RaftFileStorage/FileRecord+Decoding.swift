import Raft

extension FileRecord {
    /// Decodes a payload of `kind`; a malformed one throws with the reason.
    init(kind rawKind: UInt8, payload: [UInt8]) throws(ByteReader.Malformed) {
        guard let kind = RecordKind(rawValue: rawKind) else { throw ByteReader.Malformed(reason: "unknown record kind \(rawKind)") }
        var reader = ByteReader(payload)
        switch kind {
        case .hardState:
            self = .hardState(try Self.readHardState(&reader))
        case .entries:
            self = .entries(try Self.readEntries(&reader))
        case .snapshot:
            self = .snapshot(try Self.readPosition(&reader, "snapshot position"))
        case .compaction:
            self = .compaction(try Self.readPosition(&reader, "compaction position"))
        case .checkpointBegin:
            let state = try Self.readHardState(&reader)
            let compacted = try Self.readPosition(&reader, "compacted position")
            let flag = try reader.u8("snapshot flag")
            guard flag <= 1 else { throw ByteReader.Malformed(reason: "snapshot flag \(flag) is neither 0 nor 1") }
            let snapshot = flag == 1 ? try Self.readPosition(&reader, "snapshot position") : nil
            self = .checkpointBegin(state, compacted: compacted, snapshot: snapshot)
        case .checkpointEntries:
            self = .checkpointEntries(try Self.readEntries(&reader))
        case .checkpointEnd:
            self = .checkpointEnd(entryCount: try reader.u64("entry count"), lastIndex: try reader.u64("last index"))
        }
        try reader.finish("\(kind) record")
    }

    static func readHardState(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> HardState {
        let term = try reader.u64("term")
        let vote = try reader.u64("vote")
        let commit = try reader.u64("commit index")
        return HardState(currentTerm: term, votedFor: NodeID(rawValue: vote), commitIndex: commit)
    }

    static func readPosition(_ reader: inout ByteReader, _ what: String) throws(ByteReader.Malformed) -> LogPosition {
        let index = try reader.u64(what + " index")
        let term = try reader.u64(what + " term")
        return LogPosition(index: index, term: term)
    }

    /// Entries are contiguous and their terms never decrease, as any run writes them.
    static func readEntries(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> [LogEntry] {
        let count = Int(try reader.u32("entry count"))
        // Each entry takes at least its header: a count the payload cannot hold is malformed
        // (and must not make us reserve memory for it).
        guard count <= reader.remaining / entryHeaderBytes else {
            throw ByteReader.Malformed(reason: "\(count) entries cannot fit in \(reader.remaining) bytes")
        }
        var entries: [LogEntry] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let term = try reader.u64("entry term")
            let index = try reader.u64("entry index")
            let data = try reader.blob("entry data")
            if let previous = entries.last {
                guard index == previous.index + 1 else {
                    throw ByteReader.Malformed(reason: "entry \(index) does not follow entry \(previous.index)")
                }
                guard term >= previous.term else { throw ByteReader.Malformed(reason: "entry terms decrease at \(index)") }
            }
            guard index > 0 else { throw ByteReader.Malformed(reason: "entry index 0") }
            entries.append(LogEntry(term: term, index: index, data: data))
        }
        return entries
    }
}
