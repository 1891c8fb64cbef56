import Support
/// Generates histories in the project's JSON-lines format for tests and benchmarks: clients
/// run operations against a real sequential object, each taking effect at a random instant
/// between its call and its return, so the history is linearizable by construction. A
/// corrupted variant makes one completed read return a value nobody wrote (the store: a
/// revision nobody reached), so it is not; a stale variant makes one read, past the middle,
/// return a value overwritten by a write that returned before the read was called (the store:
/// the key as it was before that put, mod revision included, with the read's own revision).
/// A stale read is planted only where it cannot be right: for the store, the put it misses is
/// one that certainly wrote the key, and the key existed before it.
public struct HistoryGenerator: Sendable {
    public enum Workload: String, Sendable, CaseIterable {
        /// A CAS register shaped like Jepsen's etcd test: reads, writes and cas of 0...4,
        /// timeouts that leave calls pending and retire the process (a new one takes over).
        case casRegister = "cas-register"
        /// Porcupine's kv: get, put and append over a few keys.
        case kv
        /// The store: puts, ranges, create-if-absent transactions with leases, lease grants,
        /// revocations, keep-alives and expiries by a pseudo-process.
        case etcd
    }

    public var workload: Workload
    public var clients: Int
    public var operations: Int
    public var keys: Int
    /// Percent of calls that end with an unknown outcome (`info`).
    public var pendingPercent: Int
    public var seed: UInt64

    public init(workload: Workload, clients: Int, operations: Int, keys: Int = 1, pendingPercent: Int = 0, seed: UInt64) {
        precondition(clients > 0 && operations >= 0 && keys > 0 && (0...100).contains(pendingPercent))
        self.workload = workload
        self.clients = clients
        self.operations = operations
        self.keys = keys
        self.pendingPercent = pendingPercent
        self.seed = seed
    }

    private enum Phase { case called, applied }

    private struct InFlight {
        var process: Int
        var invoke: String
        var f: String
        var phase: Phase
        var completion: String = ""
        var isRead = false
        var storeInput: StoreSpecification.Input?
        /// kv: the key, the value a write replaced, and for a read the value a write that
        /// returned before its call had replaced (stale by then).
        var key = 0
        var replaced: String?
        var stale: String?
    }

    /// The history as JSON lines; `corrupt` makes one completed read impossible, `staleRead`
    /// (kv and the store) one read stale.
    public func jsonLines(corrupt: Bool = false, staleRead: Bool = false) -> String {
        precondition(!staleRead || workload != .casRegister, "stale reads are planted in kv and store histories")
        var random = SplitMix64(seed: seed)
        var lines: [String] = []
        var slots: [InFlight?] = Array(repeating: nil, count: clients)
        var processOfSlot = Array(0..<clients)
        var nextProcess = clients
        var started = 0
        var time: Int64 = 0
        var model = Model(workload: workload, keys: keys)
        var readLines: [Int] = []
        // kv: per key, the value replaced by the write that returned last; and whether the
        // stale read is planted yet.
        var staleOfKey = Array(repeating: String?.none, count: keys)
        var planted = false
        // Each iteration moves one client one step; bounded because every client needs at
        // most three steps per operation and idle clients only start new ones.
        let stepsMax = operations * 3 * max(1, clients) + 16
        var steps = 0
        while steps < stepsMax {
            steps += 1
            let busy = slots.contains { $0 != nil }
            if started >= operations && !busy { break }
            let slot = random.below(clients)
            time += 1
            switch slots[slot] {
            case nil:
                guard started < operations else { continue }
                started += 1
                let (f, arguments, storeInput) = model.invent(&random)
                let process = processOfSlot[slot]
                lines.append("{\"process\":\(process),\"type\":\"invoke\",\"f\":\"\(f)\"\(arguments),\"time\":\(time)}")
                var flight = InFlight(process: process, invoke: arguments, f: f, phase: .called, storeInput: storeInput)
                if workload != .casRegister {
                    flight.key = workload == .kv ? Model.kvKey(arguments) : Model.storeKey(storeInput)
                    flight.stale = flight.key >= 0 ? staleOfKey[flight.key] : nil
                }
                slots[slot] = flight
            case .some(var flight) where flight.phase == .called:
                if workload == .kv { flight.replaced = model.kv[flight.key] }
                let before = workload == .etcd && flight.key >= 0 ? model.storeKVs(flight.key) : nil
                let revisionBefore = model.storeState.revision
                let (results, isRead) = model.apply(flight.f, flight.invoke, flight.storeInput)
                if let before, before != "[]", model.storeState.revision > revisionBefore, model.wroteKeyLast(flight.key) {
                    flight.replaced = before
                }
                flight.completion = results
                flight.isRead = isRead
                flight.phase = .applied
                slots[slot] = flight
                if let expiry = model.expireSomething(&random) {
                    time += 1
                    lines.append("{\"process\":\"lease-expiry\",\"type\":\"invoke\",\"f\":\"lease-expire\",\"lease\":\(expiry),\"time\":\(time)}")
                    lines.append("{\"process\":\"lease-expiry\",\"type\":\"ok\",\"f\":\"lease-expire\",\"lease\":\(expiry),\"time\":\(time)}")
                }
            case .some(let flight):
                if random.chance(pendingPercent) {
                    lines.append("{\"process\":\(flight.process),\"type\":\"info\",\"f\":\"\(flight.f)\",\"time\":\(time)}")
                    processOfSlot[slot] = nextProcess
                    nextProcess += 1
                } else {
                    if flight.isRead { readLines.append(lines.count) }
                    let type = flight.completion.contains("\"error\"") ? "fail" : "ok"
                    var completion = flight.completion
                    if staleRead && !planted && flight.isRead && started * 2 >= operations, let stale = flight.stale {
                        if workload == .kv {
                            completion = ",\"key\":\"\(flight.key)\",\"value\":\"\(stale)\""
                        } else if let kvs = completion.firstRange(of: ",\"kvs\":") {
                            // A range's kvs come last in its completion.
                            completion = String(completion[..<kvs.lowerBound]) + ",\"kvs\":" + stale
                        }
                        planted = true
                    }
                    if workload == .kv && !flight.isRead { staleOfKey[flight.key] = flight.replaced }
                    if workload == .etcd && type == "ok", let replaced = flight.replaced { staleOfKey[flight.key] = replaced }
                    lines.append("{\"process\":\(flight.process),\"type\":\"\(type)\",\"f\":\"\(flight.f)\"\(completion),\"time\":\(time)}")
                }
                slots[slot] = nil
            }
        }
        if corrupt, !readLines.isEmpty {
            let target = readLines[readLines.count / 2]
            lines[target] = Model.corrupted(lines[target], workload: workload)
        }
        return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }

    /// A Jepsen log of `calls` CAS-register calls that never overlap (each returns before the
    /// next is called), by `processes` processes taking turns: reads, writes and compare-and-sets
    /// of 0...4 on a register that starts as nil, every answer the register's. Linearizable, with
    /// one linearization; the shape of a long, quiet test run.
    public static func sequentialJepsenLog(calls: Int, processes: Int, seed: UInt64) -> String {
        precondition(calls >= 0 && processes > 0)
        var random = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(calls * 74)
        var register: Int?
        func line(_ process: Int, _ type: String, _ f: String, _ value: String) {
            bytes.append(contentsOf: "INFO  jepsen.util - \(process)\t:\(type)\t:\(f)\t\(value)\n".utf8)
        }
        for call in 0..<calls {
            let process = call % processes
            switch random.below(3) {
            case 0:
                line(process, "invoke", "read", "nil")
                line(process, "ok", "read", register.map(String.init) ?? "nil")
            case 1:
                let value = random.below(5)
                line(process, "invoke", "write", String(value))
                line(process, "ok", "write", String(value))
                register = value
            default:
                let expected = random.below(5)
                let new = random.below(5)
                line(process, "invoke", "cas", "[\(expected) \(new)]")
                let swapped = register == expected
                line(process, swapped ? "ok" : "fail", "cas", "[\(expected) \(new)]")
                if swapped { register = new }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The sequential object the clients run against, and how to write its calls.
    private struct Model {
        let workload: Workload
        let keys: Int
        var register = "nil"
        var kv: [String] = []
        var store: StoreSpecification
        var storeState: StoreSpecification.State
        var nextLease: Int64 = 1
        var counter = 0

        init(workload: Workload, keys: Int) {
            self.workload = workload
            self.keys = keys
            kv = Array(repeating: "", count: keys)
            var values = ValueTable()
            for value in 0..<64 { _ = values.intern("v\(value)") }
            store = StoreSpecification(keys: (0..<keys).map { "k\($0)" }.sorted(), values: values)
            storeState = store.initialState
        }

        /// The key of a kv call from its arguments (`,"key":"3",...`).
        static func kvKey(_ arguments: String) -> Int { Int(arguments.split(separator: "\"").map(String.init)[3])! }

        /// The key a store call reads or puts (a transaction's: its success branch's put), or -1.
        static func storeKey(_ input: StoreSpecification.Input?) -> Int {
            switch input {
            case .request(.range(let from, _))?: return from
            case .request(.put(let key, _, _))?: return key
            case .txn(_, let success, _)?:
                if case .put(let key, _, _)? = success.first { return key }
                return -1
            default: return -1
            }
        }

        /// The store's kvs of one key, as a range's completion lists them.
        func storeKVs(_ key: Int) -> String {
            guard let output = store.apply(storeState, .request(.range(from: key, to: key + 1)))?.output,
                case .range(let kvs)? = output.responses?.first
            else { return "[]" }
            return kvsJSON(kvs)
        }

        /// True when the call just applied put `key` (its mod revision is the new revision).
        func wroteKeyLast(_ key: Int) -> Bool { storeState.records[key]?.modRevision == storeState.revision }

        func kvsJSON(_ kvs: [StoreSpecification.KeyValue]) -> String {
            "[" + kvs.map { kv in
                "{\"key\":\"\(store.keys[kv.key])\",\"value\":\"\(store.values.name(kv.value))\","
                    + "\"create_revision\":\(kv.createRevision!),\"mod_revision\":\(kv.modRevision!),"
                    + "\"version\":\(kv.version!),\"lease\":\(kv.lease!)}"
            }.joined(separator: ",") + "]"
        }

        static func corrupted(_ line: String, workload: Workload) -> String {
            switch workload {
            case .casRegister: return replacing(line, "\"value\":", upTo: ",", with: "\"value\":99")
            case .kv: return replacing(line, "\"value\":", upTo: ",\"time\"", with: "\"value\":\"corrupt\"")
            case .etcd: return replacing(line, "\"revision\":", upTo: ",", with: "\"revision\":999999")
            }
        }

        private static func replacing(_ line: String, _ start: String, upTo end: String, with replacement: String) -> String {
            guard let from = line.firstRange(of: start), let to = line[from.upperBound...].firstRange(of: end) else { return line }
            return String(line[..<from.lowerBound]) + replacement + String(line[to.lowerBound...])
        }

        mutating func invent(_ random: inout SplitMix64) -> (String, String, StoreSpecification.Input?) {
            switch workload {
            case .casRegister:
                switch random.below(3) {
                case 0: return ("read", "", nil)
                case 1: return ("write", ",\"value\":\(random.below(5))", nil)
                default: return ("cas", ",\"value\":[\(random.below(5)),\(random.below(5))]", nil)
                }
            case .kv:
                let key = random.below(keys)
                counter += 1
                switch random.below(3) {
                case 0: return ("get", ",\"key\":\"\(key)\"", nil)
                case 1: return ("put", ",\"key\":\"\(key)\",\"value\":\"x\(counter)y\"", nil)
                default: return ("append", ",\"key\":\"\(key)\",\"value\":\"x\(counter)y\"", nil)
                }
            case .etcd:
                let keyName = "k\(random.below(keys))"
                let key = store.keys.firstIndex(of: keyName)!
                let valueName = "v\(random.below(64))"
                let value = store.values.lookup(valueName)!
                switch random.below(8) {
                case 0, 1: return ("range", ",\"key\":\"\(keyName)\"", .request(.range(from: key, to: key + 1)))
                case 2:
                    return ("put", ",\"key\":\"\(keyName)\",\"value\":\"\(valueName)\"", .request(.put(key: key, value: value, lease: 0)))
                case 3, 4:
                    let lease = storeState.leases.isEmpty ? 0 : storeState.leases[random.below(storeState.leases.count)]
                    let put = "{\"f\":\"put\",\"key\":\"\(keyName)\",\"value\":\"\(valueName)\"\(lease != 0 ? ",\"lease\":\(lease)" : "")}"
                    let text = ",\"compare\":[{\"key\":\"\(keyName)\",\"target\":\"create\",\"op\":\"=\",\"value\":0}],"
                        + "\"success\":[\(put)],\"failure\":[{\"f\":\"range\",\"key\":\"\(keyName)\"}]"
                    let input = StoreSpecification.Input.txn(
                        compares: [.init(key: key, target: .create, result: .equal, operand: 0)],
                        success: [.put(key: key, value: value, lease: lease)], failure: [.range(from: key, to: key + 1)])
                    return ("txn", text, input)
                case 5:
                    nextLease += 1
                    return ("lease-grant", ",\"lease\":\(nextLease)", .leaseGrant(nextLease))
                case 6:
                    let lease = storeState.leases.isEmpty ? nextLease : storeState.leases[random.below(storeState.leases.count)]
                    return ("lease-revoke", ",\"lease\":\(lease)", .leaseRevoke(lease))
                default:
                    return ("delete", ",\"key\":\"\(keyName)\"", .request(.delete(from: key, to: key + 1)))
                }
            }
        }

        /// Applies the call at its linearization point; returns the completion's fields.
        mutating func apply(_ f: String, _ arguments: String, _ storeInput: StoreSpecification.Input?) -> (String, Bool) {
            switch workload {
            case .casRegister:
                let numbers = arguments.split { !$0.isNumber }.map(String.init)
                switch f {
                case "read": return (",\"value\":\(register == "nil" ? "null" : register)", true)
                case "write":
                    register = numbers[0]
                    return (",\"value\":\(numbers[0])", false)
                default:
                    if register == numbers[0] {
                        register = numbers[1]
                        return (",\"value\":[\(numbers[0]),\(numbers[1])]", false)
                    }
                    return (",\"value\":[\(numbers[0]),\(numbers[1])],\"error\":\"mismatch\"", false)
                }
            case .kv:
                let parts = arguments.split(separator: "\"").map(String.init)
                let key = Int(parts[3])!
                switch f {
                case "get": return (",\"key\":\"\(key)\",\"value\":\"\(kv[key])\"", true)
                case "put": kv[key] = parts[7]
                default: kv[key] += parts[7]
                }
                return (",\"key\":\"\(key)\"", false)
            case .etcd:
                guard let input = storeInput, let (output, next) = store.apply(storeState, input) else {
                    // Not enabled (a put on a dead lease, a duplicate grant): the store refuses
                    // and nothing changes; the client sees an error.
                    return (",\"error\":\"refused\"", false)
                }
                storeState = next
                var fields = ",\"revision\":\(output.revision!)"
                if let succeeded = output.succeeded { fields += ",\"succeeded\":\(succeeded)" }
                if let found = output.found { fields += ",\"found\":\(found)" }
                if let responses = output.responses, case .range(let kvs)? = responses.first {
                    let list = kvsJSON(kvs)
                    fields += output.succeeded == nil ? ",\"kvs\":" + list : ",\"responses\":[{\"kvs\":" + list + "}]"
                } else if output.succeeded == true {
                    fields += ",\"responses\":[{}]"
                }
                let isRead: Bool
                if case .request(.range)? = storeInput { isRead = true } else { isRead = false }
                return (fields, isRead)
            }
        }

        mutating func expireSomething(_ random: inout SplitMix64) -> Int64? {
            guard workload == .etcd, !storeState.leases.isEmpty, random.chance(5) else { return nil }
            let lease = storeState.leases[random.below(storeState.leases.count)]
            storeState = store.apply(storeState, .leaseExpire(lease))!.state
            return lease
        }
    }
}
