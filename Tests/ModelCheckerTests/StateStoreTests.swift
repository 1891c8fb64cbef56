@testable import ModelChecker
import Testing
import Support

@Suite("The visited set")
struct StateStoreTests {
    /// Regression: the search once recorded a state's id at the slot its insertion returned,
    /// after more insertions in the same level had grown the stripe and moved every entry; ids
    /// landed on other states and the state graph of alwaysPossibly was corrupt.
    @Test("ids set after the stripes have grown are found again", arguments: [false, true])
    func idsSurviveGrowth(exact: Bool) {
        let store = StateStore(exact: exact, keepsIds: true)
        var random = SplitMix64(seed: 42)
        let fingerprints = (0..<50_000).map { _ in random.next() | 1 }
        func key(_ fingerprint: UInt64) -> ExactKey? {
            exact ? ExactKey(bytes: withUnsafeBytes(of: fingerprint) { Array($0) }, fingerprint: fingerprint) : nil
        }
        // Insert everything first (stripes grow many times), then set the ids, as a level does.
        for fingerprint in fingerprints { #expect(store.insert(fingerprint, key(fingerprint)) != nil) }
        for (id, fingerprint) in fingerprints.enumerated() { store.setId(id, fingerprint: fingerprint, key: key(fingerprint)) }
        var wrong = 0
        for (id, fingerprint) in fingerprints.enumerated() where store.id(of: fingerprint, key: key(fingerprint)) != id { wrong += 1 }
        #expect(wrong == 0)
        #expect(store.count == fingerprints.count)
        for fingerprint in fingerprints.prefix(100) { #expect(store.insert(fingerprint, key(fingerprint)) == nil) }
    }

    @Test("the table stays under 16 bytes per fingerprint as it grows")
    func compact() {
        let store = StateStore(exact: false, keepsIds: false)
        var random = SplitMix64(seed: 7)
        for count in 1...200_000 {
            _ = store.insert(random.next() | 1, nil)
            if count >= 10_000 && count % 10_000 == 0 {
                #expect(Double(store.tableBytes) / Double(count) <= 16, "at \(count)")
            }
        }
    }
}
