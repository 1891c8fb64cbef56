import Foundation
import Linearizability
import Testing

@Suite("Porcupine's kv histories")
struct PorcupineKVTests {
    /// Porcupine's verdict for each history, from `Fixtures/kv/verdicts.txt`.
    static let verdicts: [(file: String, outcome: Verdict)] = {
        guard let text = try? Fixtures.text("kv/verdicts.txt") else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard !line.hasPrefix("#"), words.count == 2, let outcome = Verdict(rawValue: String(words[1])) else { return nil }
            return (String(words[0]), outcome)
        }
    }()

    @Test("The fixtures are Porcupine's six kv histories, each with a verdict")
    func fixtureSet() throws {
        let folder = Fixtures.folder.appendingPathComponent("kv").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") && $0 != "verdicts.txt" }.sorted()
        #expect(files == ["c01-bad.txt", "c01-ok.txt", "c10-bad.txt", "c10-ok.txt", "c50-bad.txt", "c50-ok.txt"])
        #expect(Self.verdicts.map(\.file) == files)
    }

    @Test("Every kv history gets Porcupine's verdict, partitioned (and whole, up to 10 clients)", arguments: verdicts)
    func verdict(file: String, expected: Verdict) throws {
        let text = try Fixtures.text("kv/" + file)
        let partitioned = try Fixtures.check(text, model: "kv")
        #expect(partitioned.outcome == expected)
        // The bad ones are refuted before the search by which writes their gets read (see
        // `ReadOrder`), one contradiction; without it, by a search of each key.
        let contradicted = partitioned.partitions.first?.contradiction != nil
        #expect(contradicted == (expected == .illegal))
        #expect(partitioned.partitions.count == (expected == .illegal ? 1 : 10))
        let searched = try Fixtures.check(text, model: "kv", readOrder: false)
        #expect(searched.outcome == expected)
        #expect(searched.partitions.count == (file.hasPrefix("c01-bad") ? 8 : 10))
        // Whole (decided by locality, or by the merged witness) where it is quick in a debug
        // build; the 50-client files whole are `verify bench lincheck`'s.
        if !file.hasPrefix("c50") {
            #expect(try Fixtures.check(text, model: "kv", partitioned: false).outcome == expected)
        }
    }

    @Test("Every key of c50-bad is refuted alone, yet the history is decided by the easiest one")
    func everyKeyOfC50Bad() throws {
        let text = try Fixtures.text("kv/c50-bad.txt")
        // Searched, not refuted by the gets' sources before the search.
        let report = try Fixtures.check(text, model: "kv", readOrder: false)
        #expect(report.outcome == .illegal)
        let illegal = report.partitions.filter { $0.outcome == .illegal }
        #expect(!illegal.isEmpty)
        // The others were cancelled, not searched to the end.
        #expect(report.partitions.allSatisfy { $0.outcome == .illegal || $0.unknownReason?.hasPrefix("cancelled") == true })
        // Refuting the key decided with the least work takes few states: round-robin found it
        // before any hard key was searched for long.
        #expect(report.statesExplored < 200_000, "\(report.statesExplored) states")
    }
}
