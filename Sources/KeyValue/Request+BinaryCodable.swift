// The encodings of requests and of the values they are made of. Tags are one byte; flags one
// byte with unknown bits refused.

extension KeyRange: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.data(key)
        writer.data(rangeEnd)
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        self.init(key: try reader.data(), rangeEnd: try reader.data())
    }
}

extension KeyValuePair: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.data(key)
        writer.data(value)
        writer.signed(createRevision)
        writer.signed(modRevision)
        writer.signed(version)
        writer.signed(lease)
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        self.init(key: try reader.data(), value: try reader.data(), createRevision: try reader.nonNegative("create revision"),
                  modRevision: try reader.nonNegative("mod revision"), version: try reader.nonNegative("version"),
                  lease: try reader.nonNegative("lease"))
    }
}

extension Compare: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        range.encode(to: &writer)
        writer.byte(result.rawValue)
        switch target {
        case .value(let bytes): writer.byte(0); writer.data(bytes)
        case .version(let number): writer.byte(1); writer.signed(number)
        case .createRevision(let number): writer.byte(2); writer.signed(number)
        case .modRevision(let number): writer.byte(3); writer.signed(number)
        case .lease(let number): writer.byte(4); writer.signed(number)
        }
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        let range = try KeyRange(from: &reader)
        let result = Result(rawValue: try reader.tag("compare result", below: 4))!
        let target: Target
        switch try reader.tag("compare target", below: 5) {
        case 0: target = .value(try reader.data())
        case 1: target = .version(try reader.signed())
        case 2: target = .createRevision(try reader.signed())
        case 3: target = .modRevision(try reader.signed())
        default: target = .lease(try reader.signed())
        }
        self.init(range: range, target: target, result: result)
    }
}

extension RangeRequest: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        range.encode(to: &writer)
        writer.signed(limit)
        writer.signed(revision)
        writer.flags([serializable, keysOnly, countOnly])
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        let range = try KeyRange(from: &reader)
        let limit = try reader.nonNegative("limit")
        let revision = try reader.nonNegative("revision")
        let flags = try reader.flags(known: 0b111)
        self.init(range: range, limit: limit, revision: revision, serializable: flags & 1 != 0,
                  keysOnly: flags & 2 != 0, countOnly: flags & 4 != 0)
    }
}

extension PutRequest: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.data(key)
        writer.data(value)
        writer.signed(lease)
        writer.flags([prevKv, ignoreValue, ignoreLease])
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        let key = try reader.data()
        let value = try reader.data()
        let lease = try reader.nonNegative("lease")
        let flags = try reader.flags(known: 0b111)
        self.init(key: key, value: value, lease: lease, prevKv: flags & 1 != 0, ignoreValue: flags & 2 != 0,
                  ignoreLease: flags & 4 != 0)
    }
}

extension DeleteRangeRequest: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        range.encode(to: &writer)
        writer.bool(prevKv)
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        self.init(range: try KeyRange(from: &reader), prevKv: try reader.bool())
    }
}

extension RequestOp: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .range(let request): writer.byte(0); request.encode(to: &writer)
        case .put(let request): writer.byte(1); request.encode(to: &writer)
        case .deleteRange(let request): writer.byte(2); request.encode(to: &writer)
        case .txn(let request): writer.byte(3); request.encode(to: &writer)
        }
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        switch try reader.tag("request op", below: 4) {
        case 0: self = .range(try RangeRequest(from: &reader))
        case 1: self = .put(try PutRequest(from: &reader))
        case 2: self = .deleteRange(try DeleteRangeRequest(from: &reader))
        default: self = .txn(try TxnRequest(from: &reader))
        }
    }
}

extension TxnRequest: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.list(compare) { $1.encode(to: &$0) }
        writer.list(success) { $1.encode(to: &$0) }
        writer.list(failure) { $1.encode(to: &$0) }
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        try reader.enterNesting()
        let compare = try reader.list(bytesPerItemMin: 4) { (r: inout BinaryReader) throws(CodecError) in try Compare(from: &r) }
        let success = try reader.list(bytesPerItemMin: 2) { (r: inout BinaryReader) throws(CodecError) in try RequestOp(from: &r) }
        let failure = try reader.list(bytesPerItemMin: 2) { (r: inout BinaryReader) throws(CodecError) in try RequestOp(from: &r) }
        reader.leaveNesting()
        self.init(compare: compare, success: success, failure: failure)
    }
}

extension LeaseCheckpoint: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.signed(id)
        writer.signed(remainingMilliseconds)
        writer.unsigned(epoch)
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        self.init(id: try reader.signed(), remainingMilliseconds: try reader.signed(), epoch: try reader.unsigned())
    }
}

extension Request: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .range(let request): writer.byte(0); request.encode(to: &writer)
        case .put(let request): writer.byte(1); request.encode(to: &writer)
        case .deleteRange(let request): writer.byte(2); request.encode(to: &writer)
        case .txn(let request): writer.byte(3); request.encode(to: &writer)
        case .compact(let revision): writer.byte(4); writer.signed(revision)
        case .leaseGrant(let id, let ttl): writer.byte(5); writer.signed(id); writer.signed(ttl)
        case .leaseRevoke(let id): writer.byte(6); writer.signed(id)
        case .leaseKeepAlive(let id): writer.byte(7); writer.signed(id)
        case .leaseCheckpoint(let checkpoints): writer.byte(8); writer.list(checkpoints) { $1.encode(to: &$0) }
        case .leaseExpire(let id, let epoch): writer.byte(9); writer.signed(id); writer.unsigned(epoch)
        case .leaseTimeToLive(let id, let keys): writer.byte(10); writer.signed(id); writer.bool(keys)
        case .leaseLeases: writer.byte(11)
        }
    }

    public init(from reader: inout BinaryReader) throws(CodecError) {
        switch try reader.tag("request", below: 12) {
        case 0: self = .range(try RangeRequest(from: &reader))
        case 1: self = .put(try PutRequest(from: &reader))
        case 2: self = .deleteRange(try DeleteRangeRequest(from: &reader))
        case 3: self = .txn(try TxnRequest(from: &reader))
        case 4: self = .compact(revision: try reader.signed())
        case 5: self = .leaseGrant(id: try reader.signed(), ttlSeconds: try reader.signed())
        case 6: self = .leaseRevoke(id: try reader.signed())
        case 7: self = .leaseKeepAlive(id: try reader.signed())
        case 8: self = .leaseCheckpoint(try reader.list(bytesPerItemMin: 3) { (r: inout BinaryReader) throws(CodecError) in try LeaseCheckpoint(from: &r) })
        case 9: self = .leaseExpire(id: try reader.signed(), epoch: try reader.unsigned())
        case 10: self = .leaseTimeToLive(id: try reader.signed(), keys: try reader.bool())
        default: self = .leaseLeases
        }
    }
}
