import Linearizability
import Testing

/// Long histories are cut where no completed call is open and checked chunk by chunk, carrying
/// the configurations that cross each cut.
@Suite("Long histories, cut where no call is open")
struct LongHistoryTests {
    @Test("Sequential calls are checked in chunks: one linearization, cuts every 256 calls")
    func sequential() throws {
        let text = HistoryGenerator.sequentialJepsenLog(calls: 3_000, processes: 3, seed: 11)
        let report = try Fixtures.check(text, model: "cas-register")
        #expect(report.outcome == .ok)
        #expect(report.operations.count == 3_000)
        // 3,000 calls in chunks of at least 256 that end at a cut: 11 cuts.
        #expect(report.cuts == 3_000 / 256 - (3_000 % 256 == 0 ? 1 : 0))
        #expect(report.partitions[0].steps.count == 3_000)
        #expect(report.peakMemoBytes > 0)
    }

    @Test("A wrong read late in a long sequential log is found, explained after the whole prefix")
    func sequentialWrongRead() throws {
        var lines = HistoryGenerator.sequentialJepsenLog(calls: 3_000, processes: 3, seed: 11)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let target = try #require(lines.indices.last { lines[$0].contains("\t:ok\t:read\t") && !lines[$0].hasSuffix("\t9") })
        lines[target] = String(lines[target][..<lines[target].lastIndex(of: "\t")!]) + "\t9"
        let report = try Fixtures.check(lines.joined(separator: "\n"), model: "cas-register")
        #expect(report.outcome == .illegal)
        let impossible = try #require(report.partitions[0].blocked.first { $0.impossible })
        #expect(report.operations[impossible.operationID].line == target)
        #expect(report.partitions[0].steps.count == target / 2)
    }

    @Test("A stale read planted in a many-client kv history makes it illegal", arguments: [4, 16])
    func staleRead(clients: Int) throws {
        let generator = HistoryGenerator(workload: .kv, clients: clients, operations: 400, keys: 2, seed: 21)
        #expect(try Fixtures.check(generator.jsonLines(), model: "kv").outcome == .ok)
        let stale = generator.jsonLines(staleRead: true)
        #expect(stale != generator.jsonLines())
        #expect(try Fixtures.check(stale, model: "kv").outcome == .illegal)
    }
}
