extension StoreSpecification {
    public func describe(input: Input) -> String {
        switch input {
        case .request(let request): return describe(request)
        case .txn(let compares, let success, let failure):
            let condition = compares.map(describe).joined(separator: " && ")
            return "txn(if \(condition.isEmpty ? "true" : condition) then [\(success.map(describe).joined(separator: ", "))]"
                + " else [\(failure.map(describe).joined(separator: ", "))])"
        case .leaseGrant(let lease): return "lease-grant(\(lease))"
        case .leaseRevoke(let lease): return "lease-revoke(\(lease))"
        case .leaseKeepAlive(let lease): return "lease-keepalive(\(lease))"
        case .leaseExpire(let lease): return "lease-expire(\(lease))"
        case .compact(let revision): return "compact(\(revision))"
        }
    }

    private func describe(_ request: Request) -> String {
        switch request {
        case .put(let key, let value, let lease), .putWithPrevious(let key, let value, let lease):
            var previous = ""
            if case .putWithPrevious = request { previous = ", prev_kv" }
            return "put(\(keys[key]), \(values.name(value))\(lease != 0 ? ", lease \(lease)" : "")\(previous))"
        case .range(let from, let to): return "range(\(describeRange(from, to)))"
        case .rangeWith(let from, let to, let options):
            var parts = [describeRange(from, to)]
            if options.revision != 0 { parts.append("at rev \(options.revision)") }
            if options.limit != 0 { parts.append("limit \(options.limit)") }
            if options.keysOnly { parts.append("keys only") }
            if options.countOnly { parts.append("count only") }
            return "range(\(parts.joined(separator: ", ")))"
        case .delete(let from, let to): return "delete(\(describeRange(from, to)))"
        case .deleteWithPrevious(let from, let to): return "delete(\(describeRange(from, to)), prev_kv)"
        }
    }

    private func describeRange(_ from: Int, _ to: Int) -> String {
        if to == from + 1 { return keys[from] }
        if from >= to { return "∅" }
        return "\(keys[from])…\(keys[to - 1])"
    }

    private func describe(_ compare: Compare) -> String {
        let operand = compare.target == .value ? values.name(Int(compare.operand)) : String(compare.operand)
        return "\(compare.target.rawValue)(\(keys[compare.key])) \(compare.result.rawValue) \(operand)"
    }

    private func describe(_ kvs: [KeyValue]) -> String {
        "[" + kvs.map { kv in
            // Value 0 (nil) is a range's keys only: no value returned.
            var text = kv.value == 0 ? keys[kv.key] : "\(keys[kv.key])=\(values.name(kv.value))"
            if let mod = kv.modRevision { text += "@\(mod)" }
            return text
        }.joined(separator: ", ") + "]"
    }

    public func describe(output: Output) -> String {
        switch output.failure {
        case .compacted(let revision?)?: return "compacted (at \(revision))"
        case .compacted(nil)?: return "compacted"
        case .futureRevision?: return "future revision"
        case nil: break
        }
        var parts: [String] = []
        if let succeeded = output.succeeded { parts.append(succeeded ? "succeeded" : "failed") }
        if let found = output.found { parts.append(found ? "found" : "not found") }
        for response in output.responses ?? [] {
            switch response {
            case .put: break
            case .putWithPrevious(let previous): parts.append("prev " + (previous.map { describe([$0]) } ?? "none"))
            case .range(let kvs): parts.append(describe(kvs))
            case .rangeWith(let kvs, let count, let more):
                var text = describe(kvs)
                if let count { text += " count \(count)" }
                if more == true { text += " more" }
                parts.append(text)
            case .delete(let count): if let count { parts.append("deleted \(count)") }
            case .deleteWithPrevious(let count, let previous):
                parts.append("deleted \(count ?? previous.count) \(describe(previous))")
            }
        }
        if let revision = output.revision { parts.append("rev \(revision)") }
        return parts.isEmpty ? "ok" : parts.joined(separator: ", ")
    }

    public func describe(state: State) -> String {
        var parts: [String] = []
        for (key, record) in state.records.enumerated() {
            guard let record else { continue }
            var text = "\(keys[key])=\(values.name(record.value)) (create \(record.createRevision), mod \(record.modRevision), version \(record.version)"
            if record.lease != 0 { text += ", lease \(record.lease)" }
            parts.append(text + ")")
            if parts.count == 8 { break }
        }
        let leases = state.leases.isEmpty ? "no live lease" : "live leases " + state.leases.map(String.init).joined(separator: ", ")
        let compacted = state.compactRevision > 0 ? ", compacted at \(state.compactRevision)," : ""
        return "the store is at revision \(state.revision)\(compacted) with "
            + (parts.isEmpty ? "no keys" : parts.joined(separator: "; ")) + " and " + leases
    }
}
