// The encodings of responses, errors and events (what a node sends its clients).

extension RangeResponse: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.signed(revision)
        writer.list(kvs) { $1.encode(to: &$0) }
        writer.bool(more)
        writer.signed(count)
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        let revision = try reader.nonNegative("revision")
        let kvs = try reader.list(bytesPerItemMin: 6) { (r: inout BinaryReader) throws(CodecError) in try KeyValuePair(from: &r) }
        self.init(revision: revision, kvs: kvs, more: try reader.bool(), count: try reader.nonNegative("count"))
    }
}

extension PutResponse: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.signed(revision)
        writer.bool(prevKv != nil)
        prevKv?.encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        let revision = try reader.nonNegative("revision")
        self.init(revision: revision, prevKv: try reader.bool() ? try KeyValuePair(from: &reader) : nil)
    }
}

extension DeleteRangeResponse: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.signed(revision)
        writer.signed(deleted)
        writer.list(prevKvs) { $1.encode(to: &$0) }
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        self.init(revision: try reader.nonNegative("revision"), deleted: try reader.nonNegative("deleted"),
                  prevKvs: try reader.list(bytesPerItemMin: 6) { (r: inout BinaryReader) throws(CodecError) in try KeyValuePair(from: &r) })
    }
}

extension ResponseOp: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .range(let response): writer.byte(0); response.encode(to: &writer)
        case .put(let response): writer.byte(1); response.encode(to: &writer)
        case .deleteRange(let response): writer.byte(2); response.encode(to: &writer)
        case .txn(let response): writer.byte(3); response.encode(to: &writer)
        }
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        switch try reader.tag("response op", below: 4) {
        case 0: self = .range(try RangeResponse(from: &reader))
        case 1: self = .put(try PutResponse(from: &reader))
        case 2: self = .deleteRange(try DeleteRangeResponse(from: &reader))
        default: self = .txn(try TxnResponse(from: &reader))
        }
    }
}

extension TxnResponse: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.signed(revision)
        writer.bool(succeeded)
        writer.list(responses) { $1.encode(to: &$0) }
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        try reader.enterNesting()
        let revision = try reader.nonNegative("revision")
        let succeeded = try reader.bool()
        let responses = try reader.list(bytesPerItemMin: 2) { (r: inout BinaryReader) throws(CodecError) in try ResponseOp(from: &r) }
        reader.leaveNesting()
        self.init(revision: revision, succeeded: succeeded, responses: responses)
    }
}

extension LeaseTimeToLiveResponse: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.signed(revision)
        writer.signed(id)
        writer.signed(ttlSeconds)
        writer.signed(grantedTTLSeconds)
        writer.list(keys) { $0.data($1) }
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        self.init(revision: try reader.nonNegative("revision"), id: try reader.signed(), ttlSeconds: try reader.signed(),
                  grantedTTLSeconds: try reader.signed(), keys: try reader.list { (r: inout BinaryReader) throws(CodecError) in try r.data() })
    }
}

extension Response: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .range(let response): writer.byte(0); response.encode(to: &writer)
        case .put(let response): writer.byte(1); response.encode(to: &writer)
        case .deleteRange(let response): writer.byte(2); response.encode(to: &writer)
        case .txn(let response): writer.byte(3); response.encode(to: &writer)
        case .compact(let revision): writer.byte(4); writer.signed(revision)
        case .leaseGrant(let revision, let id, let ttl): writer.byte(5); writer.signed(revision); writer.signed(id); writer.signed(ttl)
        case .leaseRevoke(let revision): writer.byte(6); writer.signed(revision)
        case .leaseKeepAlive(let revision, let id, let ttl): writer.byte(7); writer.signed(revision); writer.signed(id); writer.signed(ttl)
        case .leaseCheckpoint(let revision): writer.byte(8); writer.signed(revision)
        case .leaseExpire(let revision, let expired): writer.byte(9); writer.signed(revision); writer.bool(expired)
        case .leaseTimeToLive(let response): writer.byte(10); response.encode(to: &writer)
        case .leaseLeases(let revision, let ids): writer.byte(11); writer.signed(revision); writer.list(ids) { $0.signed($1) }
        }
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        switch try reader.tag("response", below: 12) {
        case 0: self = .range(try RangeResponse(from: &reader))
        case 1: self = .put(try PutResponse(from: &reader))
        case 2: self = .deleteRange(try DeleteRangeResponse(from: &reader))
        case 3: self = .txn(try TxnResponse(from: &reader))
        case 4: self = .compact(revision: try reader.nonNegative("revision"))
        case 5: self = .leaseGrant(revision: try reader.nonNegative("revision"), id: try reader.signed(), ttlSeconds: try reader.signed())
        case 6: self = .leaseRevoke(revision: try reader.nonNegative("revision"))
        case 7: self = .leaseKeepAlive(revision: try reader.nonNegative("revision"), id: try reader.signed(), ttlSeconds: try reader.signed())
        case 8: self = .leaseCheckpoint(revision: try reader.nonNegative("revision"))
        case 9: self = .leaseExpire(revision: try reader.nonNegative("revision"), expired: try reader.bool())
        case 10: self = .leaseTimeToLive(try LeaseTimeToLiveResponse(from: &reader))
        default: self = .leaseLeases(revision: try reader.nonNegative("revision"), ids: try reader.list { (r: inout BinaryReader) throws(CodecError) in try r.signed() })
        }
    }
}

extension StoreError: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .compacted(let revision): writer.byte(0); writer.signed(revision)
        case .futureRevision: writer.byte(1)
        case .emptyKey: writer.byte(2)
        case .keyNotFound: writer.byte(3)
        case .valueProvided: writer.byte(4)
        case .leaseProvided: writer.byte(5)
        case .duplicateKey: writer.byte(6)
        case .tooManyOperations(let max): writer.byte(7); writer.count(max)
        case .leaseNotFound: writer.byte(8)
        case .leaseExists: writer.byte(9)
        case .leaseTTLTooLarge: writer.byte(10)
        case .invalid(let reason): writer.byte(11); writer.data(Array(reason.utf8))
        }
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        switch try reader.tag("error", below: 12) {
        case 0: self = .compacted(compactRevision: try reader.nonNegative("compact revision"))
        case 1: self = .futureRevision
        case 2: self = .emptyKey
        case 3: self = .keyNotFound
        case 4: self = .valueProvided
        case 5: self = .leaseProvided
        case 6: self = .duplicateKey
        case 7: self = .tooManyOperations(max: Int(try reader.unsigned() & 0xffff_ffff))
        case 8: self = .leaseNotFound
        case 9: self = .leaseExists
        case 10: self = .leaseTTLTooLarge
        default: self = .invalid(KeyBytes.text(try reader.data()))
        }
    }
}

extension Event: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.byte(kind.rawValue)
        kv.encode(to: &writer)
        writer.bool(prevKv != nil)
        prevKv?.encode(to: &writer)
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        let kind = Kind(rawValue: try reader.tag("event", below: 2))!
        let kv = try KeyValuePair(from: &reader)
        self.init(kind: kind, kv: kv, prevKv: try reader.bool() ? try KeyValuePair(from: &reader) : nil)
    }
}
