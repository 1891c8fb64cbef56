import Foundation
import Linearizability
import Testing

@Suite("HTML timelines")
struct HTMLTimelineTests {
    /// Checks that tags nest properly: every opened element (other than void ones) is
    /// closed in order, and script content is skipped.
    static func isWellFormed(_ html: String) -> Bool {
        let void: Set<String> = ["meta", "br", "hr", "img", "input", "link"]
        var stack: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            guard let close = rest.firstIndex(of: ">") else { return false }
            let tag = rest[..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") { continue }
            let name = String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }).lowercased()
            if tag.hasPrefix("/") {
                guard stack.last == name else { return false }
                stack.removeLast()
            } else if !void.contains(name) {
                stack.append(name)
                if name == "script" || name == "style" {
                    guard let end = rest.firstRange(of: "</\(name)>") else { return false }
                    rest = rest[end.lowerBound...]
                }
            }
        }
        return stack.isEmpty
    }

    @Test("An illegal history renders as a well-formed, self-contained page")
    func illegalPage() throws {
        let report = try Fixtures.check(try Fixtures.text("jepsen/etcd_000.log"), model: "cas-register")
        let page = HTMLTimeline.render(report, title: "etcd_000 <cas-register>")
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(Self.isWellFormed(page))
        for external in ["http://", "https://", "src=", "<link", "@import", "url("] {
            #expect(!page.contains(external), "the page must not load \(external)")
        }
        #expect(page.contains("etcd_000 &lt;cas-register&gt;"))
        // The failing read is highlighted and the explanation is on the page.
        #expect(page.contains("\"blocked\":\"read by p11 returned 2"))
        #expect(page.contains("read by p11 returned 2, but after"))
        // Every operation is drawn; linearized ones carry their state for the tooltip.
        #expect(page.components(separatedBy: "\"lane\":").count - 1 == report.operations.count)
        #expect(page.contains("\"state\":\"the register holds"))
    }

    @Test("An unknown outcome says why: a time limit reached while reading, or in the search")
    func unknownSaysWhy() throws {
        let stopped = HistoryReport(model: "kv", stoppedReading: HistoryReadingStopped(line: 4_096), seconds: 1.5)
        let page = HTMLTimeline.render(stopped, title: "lincheck long.log (kv)")
        #expect(HTMLTimelineTests.isWellFormed(page))
        #expect(page.contains("kv: unknown — not read to the end, after 1.500 s: time limit reached while reading the history, at line 4096"))
        let text = "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":1}\n"
        let searched = try SpecificationCatalog.check(RecordedHistory.parse(text), model: "register",
                                                      options: LinearizabilityOptions(timeLimitSeconds: 0))
        #expect(searched.outcome == .unknown)
        let reason = try #require(searched.partitions.compactMap(\.unknownReason).first)
        #expect(HTMLTimeline.render(searched, title: "t").contains(": \(reason)</div>"))
    }

    @Test("Text from the history cannot break out of the script")
    func escaping() {
        #expect(HTMLTimeline.json("</script><b>\"") == "\"\\u003c/script\\u003e\\u003cb\\u003e\\\"\"")
        #expect(HTMLTimeline.escape("<a href=\"x\">&") == "&lt;a href=&quot;x&quot;&gt;&amp;")
    }
}
