import Support

/// Writes a store's operations as the JSON-lines history that `verify lincheck --model etcd`
/// checks (the README's store format): an `invoke` line when a client sends a request, an
/// `ok`, `fail` or `info` line when it learns the outcome, and for each committed expiry an
/// invoke and an ok of the pseudo-process `lease-expiry` at the same time.
///
/// Outcomes: `ok` with the answer; `fail` when the store refused the request or no leader took
/// it (it did not happen), except a revocation of a missing lease, which is an `ok` with
/// `found: false`; a refusal the specification checks (a range or a compaction below the
/// compaction revision, or above the store's) is a `fail` naming it in `error` (`compacted`
/// with its `compact_revision`, or `future-revision`); `info` when the outcome is unknown.
///
/// Ranges carry their options (`revision`, `limit`, `keys_only`, `count_only`) and answer
/// `kvs`, `count` and `more`; puts and deletes asked for their previous key-values carry
/// `prev_kv: true` and answer `prev_kv` (null when the key did not exist) or `prev_kvs`.
///
/// Only what the checker's specification can state is recorded: `invoke` throws
/// `HistoryRecorder.Inexpressible` for the rest (see its cases).
public struct HistoryRecorder: Sendable {
    public enum Inexpressible: Error, Hashable, Sendable {
        /// Checkpoints, time-to-live and lease listing are not operations of the specification
        /// (nothing it states depends on them).
        case notAnOperation
        /// A grant must name its id on the invocation, or an unknown outcome cannot be read.
        case leaseGrantWithoutID
        /// Nested transactions, compares over ranges, puts that keep the value or lease.
        case unsupported(String)
    }

    /// The history's lines as values, in order; written as text only when asked (`lines`,
    /// `text`): a simulator checks the values as they are and writes a file only for a failure.
    public private(set) var records: [JSONValue] = []
    private var open: [Int: Request] = [:]

    public init() {}

    /// The lines of the history, each one JSON object.
    public var lines: [String] { records.map(\.compactText) }

    /// The history as text, one line each.
    public var text: String { HistoryRecorder.text(of: records) }

    /// Records as JSON-lines text, each line ended by a newline.
    public static func text(of records: [JSONValue]) -> String {
        var text = ""
        for record in records {
            text += record.compactText
            text += "\n"
        }
        return text
    }

    public mutating func invoke(process: Int, _ request: Request, at time: Int64) throws(Inexpressible) {
        precondition(process >= 0, "processes are non-negative")
        precondition(open[process] == nil, "a process has one open call")
        let (f, fields) = try HistoryRecorder.arguments(request)
        open[process] = request
        records.append(HistoryRecorder.line(process: .int(process), type: "invoke", f: f, fields, time: time))
    }

    public mutating func complete(process: Int, _ outcome: RequestOutcome, at time: Int64) {
        guard let request = open.removeValue(forKey: process) else { preconditionFailure("completing a call process \(process) did not invoke") }
        records.append(HistoryRecorder.completionRecord(process: process, request, outcome, at: time))
    }

    /// The line that completes `request`'s call by `process` with `outcome` (for a caller that
    /// learns an outcome the recorder did not see, such as a simulator reading its logs).
    public static func completionRecord(process: Int, _ request: Request, _ outcome: RequestOutcome, at time: Int64) -> JSONValue {
        let f = try! HistoryRecorder.arguments(request).f
        var type = "ok"
        var fields: [(String, JSONValue)] = []
        switch outcome {
        case .ok(let response): fields = HistoryRecorder.results(request, response)
        case .failed(.leaseNotFound) where f == "lease-revoke": fields = [("found", .bool(false))]
        case .failed(.compacted(let revision)):
            type = "fail"
            fields = [("error", .string("compacted")), ("compact_revision", .int(Int(revision)))]
        case .failed(.futureRevision):
            type = "fail"
            fields = [("error", .string("future-revision"))]
        case .failed, .notSent: type = "fail"
        case .unknown: type = "info"
        }
        return HistoryRecorder.line(process: .int(process), type: type, f: f, fields, time: time)
    }

    /// An expiry the store applied (`expired: true`), recorded when it was committed.
    public mutating func leaseExpired(_ id: Int64, at time: Int64) {
        for type in ["invoke", "ok"] {
            emit([("process", .string("lease-expiry")), ("type", .string(type)), ("f", .string("lease-expire")),
                  ("lease", .int(Int(id))), ("time", .int(Int(time)))])
        }
    }

    private mutating func emit(_ fields: [(String, JSONValue)]) {
        records.append(.object(fields))
    }

    /// One line: process, type and f first, then the fields, then the time (built in one array:
    /// a line per call of a long history).
    static func line(process: JSONValue, type: String, f: String, _ fields: [(String, JSONValue)], time: Int64) -> JSONValue {
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(fields.count + 4)
        members.append(("process", process))
        members.append(("type", .string(type)))
        members.append(("f", .string(f)))
        members.append(contentsOf: fields)
        members.append(("time", .int(Int(time))))
        return .object(members)
    }

    // MARK: Arguments

    static func text(_ bytes: [UInt8]) -> JSONValue { .string(KeyBytes.text(bytes)) }

    static func interval(_ range: KeyRange) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [("key", text(range.key))]
        if !range.rangeEnd.isEmpty { fields.append(("end", range.rangeEnd == [0] ? .string("\u{0}") : text(range.rangeEnd))) }
        return fields
    }

    static func put(_ put: PutRequest) throws(Inexpressible) -> [(String, JSONValue)] {
        if put.ignoreValue || put.ignoreLease { throw .unsupported("a put that keeps the value or lease") }
        var fields: [(String, JSONValue)] = [("key", text(put.key)), ("value", text(put.value))]
        if put.lease != 0 { fields.append(("lease", .int(Int(put.lease)))) }
        if put.prevKv { fields.append(("prev_kv", .bool(true))) }
        return fields
    }

    /// A range's interval and the options it sets (etcd's defaults are left out).
    static func range(_ range: RangeRequest) -> [(String, JSONValue)] {
        var fields = interval(range.range)
        if range.revision != 0 { fields.append(("revision", .int(Int(range.revision)))) }
        if range.limit > 0 { fields.append(("limit", .int(Int(range.limit)))) }
        if range.keysOnly { fields.append(("keys_only", .bool(true))) }
        if range.countOnly { fields.append(("count_only", .bool(true))) }
        return fields
    }

    static func delete(_ delete: DeleteRangeRequest) -> [(String, JSONValue)] {
        interval(delete.range) + (delete.prevKv ? [("prev_kv", .bool(true))] : [])
    }

    static func arguments(_ request: Request) throws(Inexpressible) -> (f: String, fields: [(String, JSONValue)]) {
        switch request {
        case .put(let put): return ("put", try HistoryRecorder.put(put))
        case .range(let range): return ("range", HistoryRecorder.range(range))
        case .deleteRange(let delete): return ("delete", HistoryRecorder.delete(delete))
        case .txn(let txn): return ("txn", try transaction(txn))
        case .compact(let revision): return ("compact", [("revision", .int(Int(revision)))])
        case .leaseGrant(let id, _):
            if id == 0 { throw .leaseGrantWithoutID }
            return ("lease-grant", [("lease", .int(Int(id)))])
        case .leaseRevoke(let id): return ("lease-revoke", [("lease", .int(Int(id)))])
        case .leaseKeepAlive(let id): return ("lease-keepalive", [("lease", .int(Int(id)))])
        case .leaseExpire(let id, _): return ("lease-expire", [("lease", .int(Int(id)))])
        case .leaseCheckpoint, .leaseTimeToLive, .leaseLeases: throw .notAnOperation
        }
    }

    static func transaction(_ txn: TxnRequest) throws(Inexpressible) -> [(String, JSONValue)] {
        var compares: [JSONValue] = []
        for compare in txn.compare {
            if !compare.range.isSingleKey { throw .unsupported("a compare over a range") }
            let (target, operand): (String, JSONValue)
            switch compare.target {
            case .value(let bytes): (target, operand) = ("value", text(bytes))
            case .version(let number): (target, operand) = ("version", .int(Int(number)))
            case .createRevision(let number): (target, operand) = ("create", .int(Int(number)))
            case .modRevision(let number): (target, operand) = ("mod", .int(Int(number)))
            case .lease(let number): (target, operand) = ("lease", .int(Int(number)))
            }
            let op: String
            switch compare.result {
            case .equal: op = "="
            case .notEqual: op = "!="
            case .less: op = "<"
            case .greater: op = ">"
            }
            compares.append(.object([("key", text(compare.range.key)), ("target", .string(target)), ("op", .string(op)), ("value", operand)]))
        }
        func branch(_ ops: [RequestOp]) throws(Inexpressible) -> JSONValue {
            var items: [JSONValue] = []
            for op in ops {
                switch op {
                case .put(let put): items.append(.object([("f", .string("put"))] + (try HistoryRecorder.put(put))))
                case .range(let range): items.append(.object([("f", .string("range"))] + HistoryRecorder.range(range)))
                case .deleteRange(let delete): items.append(.object([("f", .string("delete"))] + HistoryRecorder.delete(delete)))
                case .txn: throw .unsupported("a nested transaction")
                }
            }
            return .array(items)
        }
        return [("compare", .array(compares)), ("success", try branch(txn.success)), ("failure", try branch(txn.failure))]
    }

    // MARK: Results

    static func kv(_ pair: KeyValuePair) -> JSONValue {
        .object([("key", text(pair.key)), ("value", text(pair.value)), ("create_revision", .int(Int(pair.createRevision))),
                 ("mod_revision", .int(Int(pair.modRevision))), ("version", .int(Int(pair.version))), ("lease", .int(Int(pair.lease)))])
    }

    static func kvs(_ pairs: [KeyValuePair]) -> JSONValue { .array(pairs.map(kv)) }

    /// A range's answer: its kvs (without values for keys only: etcd returns them empty) and,
    /// when a limit or count only makes them say more than the kvs do, the count of keys at the
    /// revision read and whether the limit left some out.
    static func rangeResult(_ request: RangeRequest, _ response: RangeResponse) -> [(String, JSONValue)] {
        var kvs = kvs(response.kvs)
        if request.keysOnly {
            kvs = .array(response.kvs.map { pair in
                .object([("key", text(pair.key)), ("create_revision", .int(Int(pair.createRevision))),
                         ("mod_revision", .int(Int(pair.modRevision))), ("version", .int(Int(pair.version))),
                         ("lease", .int(Int(pair.lease)))])
            })
        }
        guard request.limit > 0 || request.countOnly else { return [("kvs", kvs)] }
        return [("kvs", kvs), ("count", .int(Int(response.count))), ("more", .bool(response.more))]
    }

    static func putResult(_ request: PutRequest, _ response: PutResponse) -> [(String, JSONValue)] {
        guard request.prevKv else { return [] }
        return [("prev_kv", response.prevKv.map(kv) ?? .null)]
    }

    static func deleteResult(_ request: DeleteRangeRequest, _ response: DeleteRangeResponse) -> [(String, JSONValue)] {
        [("deleted", .int(Int(response.deleted)))] + (request.prevKv ? [("prev_kvs", kvs(response.prevKvs))] : [])
    }

    static func results(_ request: Request, _ response: Response) -> [(String, JSONValue)] {
        let revision: (String, JSONValue) = ("revision", .int(Int(response.revision)))
        switch (request, response) {
        case (.range(let range), .range(let found)): return rangeResult(range, found) + [revision]
        case (.put(let put), .put(let answer)): return putResult(put, answer) + [revision]
        case (.deleteRange(let delete), .deleteRange(let deleted)): return deleteResult(delete, deleted) + [revision]
        case (.txn(let txn), .txn(let answer)):
            let ops = answer.succeeded ? txn.success : txn.failure
            var responses: [JSONValue] = []
            for (op, result) in zip(ops, answer.responses) {
                switch (op, result) {
                case (.range(let range), .range(let found)): responses.append(.object(rangeResult(range, found)))
                case (.put(let put), .put(let answer)): responses.append(.object(putResult(put, answer)))
                case (.deleteRange(let delete), .deleteRange(let deleted)): responses.append(.object(deleteResult(delete, deleted)))
                default: preconditionFailure("a transaction's response \(result) answers another request than \(op)")
                }
            }
            return [("succeeded", .bool(answer.succeeded)), revision, ("responses", .array(responses))]
        case (.leaseKeepAlive, .leaseKeepAlive(_, _, let ttl)): return [("found", .bool(ttl > 0))]
        case (.leaseRevoke, _): return [("found", .bool(true)), revision]
        default: return [revision]
        }
    }
}
