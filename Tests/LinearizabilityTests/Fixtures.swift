import Foundation
import Linearizability

/// Test helpers: fixture files next to this source file, and checking text directly.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    static func check(
        _ text: String, model: String, initial: String? = nil, semantics: Semantics? = nil, format: HistoryFormat? = nil,
        partitioned: Bool = true, readOrder: Bool = true
    ) throws -> HistoryReport {
        let history = try RecordedHistory.parse(text, format: format)
        return try SpecificationCatalog.check(
            history, model: model, initial: initial, semantics: semantics, options: LinearizabilityOptions(partitioned: partitioned, readOrder: readOrder))
    }
}
