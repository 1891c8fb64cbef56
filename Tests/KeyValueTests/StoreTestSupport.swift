import KeyValue

/// Shorthands for the tests: text keys and values, and answers unwrapped.
extension KeyValueStore {
    @discardableResult
    mutating func put(_ key: String, _ value: String, lease: Int64 = 0, prevKv: Bool = false) -> ApplyResult {
        apply(.put(PutRequest(key: key, value: value, lease: lease, prevKv: prevKv)))
    }

    @discardableResult
    mutating func delete(_ key: String, _ end: String = "", prevKv: Bool = false) -> ApplyResult {
        apply(.deleteRange(DeleteRangeRequest(key: key, rangeEnd: end, prevKv: prevKv)))
    }

    func get(_ key: String, _ end: String = "", revision: Int64 = 0, limit: Int64 = 0) -> RangeResponse? {
        try? read(RangeRequest(key: key, rangeEnd: end, limit: limit, revision: revision)).get()
    }

    func value(_ key: String, revision: Int64 = 0) -> String? {
        get(key, revision: revision)?.kvs.first.map { KeyBytes.text($0.value) }
    }

    mutating func grant(_ id: Int64, ttl: Int64 = 5) -> ApplyResult {
        apply(.leaseGrant(id: id, ttlSeconds: ttl))
    }
}

extension ApplyResult {
    var put: PutResponse? {
        if case .put(let response)? = response { return response }
        return nil
    }

    var deleted: DeleteRangeResponse? {
        if case .deleteRange(let response)? = response { return response }
        return nil
    }

    var txn: TxnResponse? {
        if case .txn(let response)? = response { return response }
        return nil
    }
}

func bytes(_ text: String) -> [UInt8] { KeyBytes.of(text) }

func texts(_ kvs: [KeyValuePair]) -> [String] { kvs.map { "\(KeyBytes.text($0.key))=\(KeyBytes.text($0.value))" } }
