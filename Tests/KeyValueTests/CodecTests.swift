import KeyValue
import Support
import Testing

@Suite("The binary codec round-trips and refuses malformed bytes")
struct CodecTests {
    /// Requests of every kind, from the random workload plus the kinds it does not make.
    static func requests(seed: UInt64, count: Int) -> [Request] {
        var workload = RandomWorkload(seed: seed)
        var requests = (0..<count).map { _ in workload.next().0 }
        let nested = TxnRequest(compare: [Compare(range: KeyRange(key: bytes("a"), rangeEnd: [0]), target: .lease(7), result: .notEqual)],
                                success: [.txn(TxnRequest(success: [.put(PutRequest(key: bytes("x"), value: [], ignoreValue: true, ignoreLease: true))]))],
                                failure: [.range(RangeRequest(range: .prefix(bytes("p")), limit: 3, revision: 9, serializable: true, keysOnly: true, countOnly: true))])
        requests += [
            .txn(nested), .compact(revision: 12), .leaseGrant(id: 0, ttlSeconds: 9_000_000_000),
            .leaseCheckpoint([LeaseCheckpoint(id: 4, remainingMilliseconds: 1234, epoch: 77)]),
            .leaseExpire(id: 4, epoch: .max), .leaseTimeToLive(id: 4, keys: true), .leaseLeases,
            .put(PutRequest(key: [0, 255, 128], value: Array(repeating: 0xab, count: 300), lease: Int64.max, prevKv: true)),
            .deleteRange(DeleteRangeRequest(range: KeyRange(key: bytes("q"), rangeEnd: bytes("r")), prevKv: true)),
        ]
        return requests
    }

    @Test("Every request decodes to itself", arguments: [1, 2] as [UInt64])
    func requestsRoundTrip(seed: UInt64) throws {
        for request in CodecTests.requests(seed: seed, count: 200) {
            #expect(try Request(decoding: request.encoded) == request)
        }
    }

    @Test("Answers, errors and messages decode to themselves")
    func responsesRoundTrip() throws {
        var workload = RandomWorkload(seed: 3)
        var store = KeyValueStore()
        var replies: [NodeMessage] = []
        for index in 0..<300 {
            let result = DifferentialTests.apply(workload.next().0, to: &store)
            switch result.result {
            case .success(let response): replies.append(.reply(id: UInt64(index), .ok(response)))
            case .failure(let error): replies.append(.reply(id: UInt64(index), .rejected(error)))
            }
            if !result.events.isEmpty {
                replies.append(.watch(WatchResponse(watchID: Int64(index), revision: result.revision, events: result.events)))
            }
        }
        replies += [.reply(id: 1, .notLeader(leader: 2)), .reply(id: 2, .notLeader(leader: nil)), .reply(id: 3, .unknown),
                    .reply(id: 4, .rejected(.compacted(compactRevision: 9))), .reply(id: 5, .rejected(.invalid("why"))),
                    .reply(id: 6, .ok(.leaseTimeToLive(store.timeToLive(id: 1, keys: true)))),
                    .watch(WatchResponse(watchID: 3, revision: 9, created: true, canceled: true, compactRevision: 4, cancelReason: "r"))]
        for message in replies { #expect(try NodeMessage(decoding: message.encoded) == message) }
        let messages: [ClientMessage] = [
            .request(id: 9, .leaseLeases), .progressRequest, .watchCancel(watchID: -3),
            .watchCreate(WatchCreateRequest(range: .prefix(bytes("e/")), startRevision: 5, progressNotify: true, prevKv: true,
                                            filterPuts: true, filterDeletes: false, watchID: 8)),
        ]
        for message in messages { #expect(try ClientMessage(decoding: message.encoded) == message) }
    }

    @Test("Every truncation of an encoding is refused with an error, never a crash")
    func truncations() {
        for request in CodecTests.requests(seed: 4, count: 40) {
            let bytes = request.encoded
            for length in 0..<bytes.count {
                #expect(throws: CodecError.self) { try Request(decoding: Array(bytes[..<length])) }
            }
            #expect(throws: CodecError.self) { try Request(decoding: bytes + [0]) }
        }
    }

    @Test("Random bytes never crash the decoders", arguments: [5, 6] as [UInt64])
    func randomBytes(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var accepted = 0
        for _ in 0..<3000 {
            let bytes = (0..<random.below(40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if (try? Request(decoding: bytes)) != nil { accepted += 1 }
            _ = try? NodeMessage(decoding: bytes)
            _ = try? ClientMessage(decoding: bytes)
            _ = try? KeyValueStore(snapshot: bytes)
        }
        // Some short inputs are valid requests (a bare lease listing, say); most are not.
        #expect(accepted < 1500)
    }

    @Test("Specific malformations name what is wrong")
    func messages() {
        func message(_ bytes: [UInt8]) -> String {
            do {
                _ = try Request(decoding: bytes)
                return "accepted"
            } catch {
                return error.message
            }
        }
        #expect(message([]) == "truncated input")
        #expect(message([42]) == "unknown request tag 42")
        #expect(message([11, 0]) == "1 unexpected bytes after the end")
        #expect(message([7, 0x80, 0x00]) == "overlong integer")
        #expect(message([7] + Array(repeating: 0xff, count: 9) + [0x02]) == "integer does not fit in 64 bits")
        #expect(message([1, 0x05, 0x61]) == "count 5 exceeds the 1 bytes left")
        #expect(message([2, 1, 0x61, 0, 2]) == "boolean byte 2 is neither 0 nor 1")
        #expect(message([1, 1, 0x61, 0, 0, 0x08]) == "unknown flag bits 8")
        #expect(message([4, 0x01]) == "accepted") // compact(-1) decodes; the store refuses it
        var deep: [UInt8] = [3]
        for _ in 0..<40 { deep += [0, 1, 3] }
        #expect(message(deep) == "nested deeper than 32")
    }
}
