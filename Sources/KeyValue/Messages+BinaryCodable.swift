// The encodings of what clients and nodes send each other.

extension WatchCreateRequest: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        range.encode(to: &writer)
        writer.signed(startRevision)
        writer.flags([progressNotify, prevKv, filterPuts, filterDeletes])
        writer.signed(watchID)
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        let range = try KeyRange(from: &reader)
        let start = try reader.nonNegative("start revision")
        let flags = try reader.flags(known: 0b1111)
        self.init(range: range, startRevision: start, progressNotify: flags & 1 != 0, prevKv: flags & 2 != 0,
                  filterPuts: flags & 4 != 0, filterDeletes: flags & 8 != 0, watchID: try reader.signed())
    }
}

extension WatchResponse: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.signed(watchID)
        writer.signed(revision)
        writer.flags([created, canceled])
        writer.signed(compactRevision)
        writer.data(Array(cancelReason.utf8))
        writer.list(events) { $1.encode(to: &$0) }
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        let id = try reader.signed()
        let revision = try reader.nonNegative("revision")
        let flags = try reader.flags(known: 0b11)
        let compact = try reader.nonNegative("compact revision")
        let reason = KeyBytes.text(try reader.data())
        let events = try reader.list(bytesPerItemMin: 8) { (r: inout BinaryReader) throws(CodecError) in try Event(from: &r) }
        self.init(watchID: id, revision: revision, created: flags & 1 != 0, canceled: flags & 2 != 0, compactRevision: compact,
                  cancelReason: reason, events: events)
    }
}

extension Reply: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .ok(let response): writer.byte(0); response.encode(to: &writer)
        case .rejected(let error): writer.byte(1); error.encode(to: &writer)
        case .notLeader(let leader):
            writer.byte(2)
            writer.bool(leader != nil)
            if let leader { writer.signed(Int64(leader)) }
        case .unknown: writer.byte(3)
        }
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        switch try reader.tag("reply", below: 4) {
        case 0: self = .ok(try Response(from: &reader))
        case 1: self = .rejected(try StoreError(from: &reader))
        case 2:
            if try reader.bool() {
                let start = reader.offset
                let leader = try reader.signed()
                guard leader >= 0 && leader <= Int64(Int32.max) else { throw CodecError(offset: start, "leader \(leader) out of range") }
                self = .notLeader(leader: Int(leader))
            } else {
                self = .notLeader(leader: nil)
            }
        default: self = .unknown
        }
    }
}

extension ClientMessage: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .request(let id, let request): writer.byte(0); writer.unsigned(id); request.encode(to: &writer)
        case .watchCreate(let request): writer.byte(1); request.encode(to: &writer)
        case .watchCancel(let id): writer.byte(2); writer.signed(id)
        case .progressRequest: writer.byte(3)
        }
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        switch try reader.tag("client message", below: 4) {
        case 0: self = .request(id: try reader.unsigned(), try Request(from: &reader))
        case 1: self = .watchCreate(try WatchCreateRequest(from: &reader))
        case 2: self = .watchCancel(watchID: try reader.signed())
        default: self = .progressRequest
        }
    }
}

extension NodeMessage: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .reply(let id, let reply): writer.byte(0); writer.unsigned(id); reply.encode(to: &writer)
        case .watch(let response): writer.byte(1); response.encode(to: &writer)
        }
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        switch try reader.tag("node message", below: 2) {
        case 0: self = .reply(id: try reader.unsigned(), try Reply(from: &reader))
        default: self = .watch(try WatchResponse(from: &reader))
        }
    }
}
