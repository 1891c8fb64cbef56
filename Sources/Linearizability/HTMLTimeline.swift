/// Renders a report as one self-contained HTML page (no network, no external files):
/// processes as lanes, operations as bars on a time axis, the linearization (or longest
/// linearizable prefix) numbered on the bars, the operations that could not come next in
/// red, and the state after each linearized operation in a tooltip on hover.
public enum HTMLTimeline {
    public static func render(_ report: HistoryReport, title: String) -> String {
        var order: [Int: (position: Int, state: String, partition: Int)] = [:]
        var blocked: [Int: String] = [:]
        for (partitionIndex, partition) in report.partitions.enumerated() {
            for (position, step) in partition.steps.enumerated() {
                order[step.operationID] = (position + 1, step.state, partitionIndex + 1)
            }
            for block in partition.blocked { blocked[block.operationID] = block.message }
        }
        var lanes: [String] = []
        for operation in report.operations where !lanes.contains(operation.process) { lanes.append(operation.process) }
        let finite = report.operations.flatMap { [$0.callTime] + ($0.returnTime.map { [$0] } ?? []) }
        let start = finite.min() ?? 0
        let end = max((finite.max() ?? 1), start + 1)

        var data: [String] = []
        for operation in report.operations {
            let lane = lanes.firstIndex(of: operation.process)!
            let placed = order[operation.id]
            var fields = [
                "\"id\":\(operation.id)", "\"lane\":\(lane)",
                "\"call\":\(operation.callTime - start)",
                "\"ret\":\(operation.returnTime.map { String($0 - start) } ?? "null")",
                "\"label\":\(json(operation.call + (operation.result.map { " → " + $0 } ?? "")))",
                "\"line\":\(operation.line.map(String.init) ?? "null")",
            ]
            if let placed {
                fields.append("\"pos\":\(placed.position)")
                fields.append("\"part\":\(placed.partition)")
                fields.append("\"state\":\(json(placed.state))")
            }
            if let message = blocked[operation.id] { fields.append("\"blocked\":\(json(message))") }
            data.append("{" + fields.joined(separator: ",") + "}")
        }
        let explanation = report.explanation(prefixShownMax: 40, blockedShownMax: 40)
        var summary = "\(report.model): \(report.outcome.rawValue) — \(report.operations.count) operations, "
            + "\(report.partitions.count) partition\(report.partitions.count == 1 ? "" : "s"), checked in "
            + String(format3(report.seconds)) + " s"
        if let stopped = report.readingStopped {
            summary = "\(report.model): \(report.outcome.rawValue) — not read to the end, after \(format3(report.seconds)) s: \(stopped.reason)"
        } else if report.outcome == .unknown, let reason = report.partitions.compactMap(\.unknownReason).first {
            summary += ": \(reason)"
        }
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escape(title))</title>
            <style>
            body { font: 13px/1.4 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 16px; color: #222; }
            h1 { font-size: 18px; margin: 0 0 4px 0; }
            .outcome-ok { color: #17703a; } .outcome-illegal { color: #b3261e; } .outcome-unknown { color: #8a6d00; }
            #timeline { position: relative; border-top: 1px solid #ccc; margin-top: 12px; }
            .lane { position: absolute; left: 0; right: 0; height: 28px; border-bottom: 1px solid #eee; }
            .lane-name { position: absolute; left: 0; width: 70px; top: 6px; color: #666; }
            .op { position: absolute; height: 18px; top: 4px; border-radius: 3px; background: #c9d8ef; border: 1px solid #7d9cc9;
                  overflow: hidden; white-space: nowrap; font-size: 11px; padding: 0 3px; box-sizing: border-box; cursor: default; }
            .op.linearized { background: #bfe3c8; border-color: #4f9a62; }
            .op.blocked { background: #f6c4c0; border-color: #b3261e; border-width: 2px; }
            .op.pending { border-style: dashed; }
            #tip { position: fixed; display: none; background: #fffbe6; border: 1px solid #d9c77a; padding: 6px 8px; max-width: 520px;
                   box-shadow: 0 2px 6px rgba(0,0,0,.2); pointer-events: none; white-space: pre-wrap; z-index: 10; }
            pre { background: #f6f6f6; padding: 8px; overflow-x: auto; }
            .legend span { display: inline-block; padding: 0 6px; margin-right: 8px; border-radius: 3px; border: 1px solid #999; }
            </style>
            </head>
            <body>
            <h1>\(escape(title))</h1>
            <div class="outcome-\(report.outcome.rawValue)">\(escape(summary))</div>
            <div class="legend">
            <span style="background:#bfe3c8">linearized (number = position)</span>
            <span style="background:#f6c4c0">cannot come next</span>
            <span style="background:#c9d8ef">not linearized</span>
            <span style="border-style:dashed">pending (unknown outcome)</span>
            </div>
            <div id="timeline"></div>
            <div id="tip"></div>

            """
        if !explanation.isEmpty {
            page += "<h2>Explanation</h2>\n<pre>" + escape(explanation.joined(separator: "\n")) + "</pre>\n"
        }
        page += """
            <script>
            "use strict";
            const lanes = [\(lanes.map(json).joined(separator: ","))];
            const ops = [\(data.joined(separator: ",\n"))];
            const span = \(end - start);
            const timeline = document.getElementById("timeline");
            const tip = document.getElementById("tip");
            const laneHeight = 28, left = 80;
            timeline.style.height = (lanes.length * laneHeight + 4) + "px";
            lanes.forEach(function (name, index) {
              const lane = document.createElement("div");
              lane.className = "lane";
              lane.style.top = (index * laneHeight) + "px";
              const label = document.createElement("div");
              label.className = "lane-name";
              label.textContent = "p" + name;
              lane.appendChild(label);
              timeline.appendChild(lane);
            });
            function x(time, width) { return left + (time / span) * (width - left - 20); }
            function draw() {
              const width = Math.max(timeline.clientWidth, 600);
              timeline.querySelectorAll(".op").forEach(function (node) { node.remove(); });
              ops.forEach(function (op) {
                const bar = document.createElement("div");
                const end = op.ret === null ? span : op.ret;
                bar.className = "op" + (op.pos ? " linearized" : "") + (op.blocked ? " blocked" : "") + (op.ret === null ? " pending" : "");
                bar.style.left = x(op.call, width) + "px";
                bar.style.width = Math.max(6, x(end, width) - x(op.call, width)) + "px";
                bar.style.top = (op.lane * laneHeight + 4) + "px";
                bar.textContent = (op.pos ? op.pos + ". " : "") + op.label;
                bar.addEventListener("mousemove", function (event) {
                  let text = op.label + "\\nprocess p" + lanes[op.lane] + (op.line ? ", line " + op.line : "");
                  if (op.pos) { text += "\\nlinearized #" + op.pos + " (partition " + op.part + ")\\nafter it: " + op.state; }
                  if (op.blocked) { text += "\\n" + op.blocked; }
                  tip.textContent = text;
                  tip.style.display = "block";
                  tip.style.left = (event.clientX + 12) + "px";
                  tip.style.top = (event.clientY + 12) + "px";
                });
                bar.addEventListener("mouseleave", function () { tip.style.display = "none"; });
                timeline.appendChild(bar);
              });
            }
            window.addEventListener("resize", draw);
            draw();
            </script>
            </body>
            </html>

            """
        return page
    }

    private static func format3(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// Escapes text for HTML element content and attribute values.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A JSON string literal that is also safe inside a `<script>` element.
    public static func json(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "<": result += "\\u003c"
            case ">": result += "\\u003e"
            case "&": result += "\\u0026"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
