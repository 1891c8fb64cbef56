import ModelChecker
import Models

/// A deliberately naive transliteration of raft.tla (with MCraft.tla's constraint), written
/// apart from the model: records as structs of optionals, sets as `Set`, the bag as a
/// dictionary, and states compared by a canonical text. It follows the TLA+ text disjunct by
/// disjunct (never assuming two disjuncts exclude one another), so that the model's packing,
/// normal forms, encoding and symmetry can be checked against it state for state (style
/// rule 7: a fast implementation is tested against a simple one). Slow on purpose.
struct RaftElectionReference {
    struct Entry: Hashable, Comparable {
        var term: Int
        var value: Int
        static func < (a: Entry, b: Entry) -> Bool { (a.term, a.value) < (b.term, b.value) }
    }

    /// A message record; fields absent from a kind are nil, as absent record fields in TLA+.
    struct Message: Hashable {
        var mtype: String
        var mterm: Int
        var msource: Int
        var mdest: Int
        var mlastLogTerm: Int?
        var mlastLogIndex: Int?
        var mvoteGranted: Bool?
        var mlog: [Entry]?
        var mprevLogIndex: Int?
        var mprevLogTerm: Int?
        var mentries: [Entry]?
        var mcommitIndex: Int?
        var msuccess: Bool?
        var mmatchIndex: Int?
    }

    struct Election: Hashable {
        var eterm: Int
        var eleader: Int
        var elog: [Entry]?
        var evotes: Set<Int>?
        var evoterLog: [Int: [Entry]]?
    }

    struct State: Hashable {
        var messages: [Message: Int] = [:]
        var elections: Set<Election> = []
        var allLogs: Set<[Entry]> = []
        var currentTerm: [Int]
        var state: [String]
        var votedFor: [Int?]
        var log: [[Entry]]
        var commitIndex: [Int]
        var votesResponded: [Set<Int>]
        var votesGranted: [Set<Int>]
        var voterLog: [[Int: [Entry]]]
        var nextIndex: [[Int]]
        var matchIndex: [[Int]]
        /// The ghost of committed entries (logs on, TLC's history off): the entries, the lowest
        /// term each was held committed in, and whether a different entry was ever committed.
        var committed: [Entry] = []
        var committedTerms: [Int] = []
        var conflict = false
    }

    let configuration: RaftElection.Configuration
    var n: Int { configuration.servers }
    var history: Bool { configuration.tlcHistory }
    var logsOn: Bool { configuration.maxLogLength > 0 }
    var variant: RaftElection.Variant { configuration.variant }

    var initial: State {
        State(currentTerm: Array(repeating: 1, count: n), state: Array(repeating: "Follower", count: n),
              votedFor: Array(repeating: nil, count: n), log: Array(repeating: [], count: n),
              commitIndex: Array(repeating: 0, count: n), votesResponded: Array(repeating: [], count: n),
              votesGranted: Array(repeating: [], count: n), voterLog: Array(repeating: [:], count: n),
              nextIndex: Array(repeating: Array(repeating: 1, count: n), count: n),
              matchIndex: Array(repeating: Array(repeating: 0, count: n), count: n))
    }

    func isQuorum(_ set: Set<Int>, election: Bool) -> Bool {
        if election && variant == .halfQuorum { return set.count * 2 >= n }
        return set.count * 2 > n
    }

    func lastTerm(_ log: [Entry]) -> Int { log.last?.term ?? 0 }

    func withMessage(_ m: Message, _ msgs: [Message: Int]) -> [Message: Int] {
        var result = msgs
        result[m, default: 0] += 1
        return result
    }

    func withoutMessage(_ m: Message, _ msgs: [Message: Int]) -> [Message: Int] {
        var result = msgs
        guard let count = msgs[m] else { return result }
        result[m] = count <= 1 ? nil : count - 1
        return result
    }

    // MARK: Next

    /// Every successor of `s` under Next (or ElectionNext with logs off), with allLogs updated.
    func successors(_ s: State) -> [State] {
        var result: [State] = []
        for i in 0..<n {
            if configuration.restarts {
                var t = s
                t.state[i] = "Follower"
                t.votesResponded[i] = []
                t.votesGranted[i] = []
                t.voterLog[i] = [:]
                t.nextIndex[i] = Array(repeating: 1, count: n)
                t.matchIndex[i] = Array(repeating: 0, count: n)
                t.commitIndex[i] = 0
                if variant == .forgetVoteOnRestart { t.votedFor[i] = nil }
                if variant == .forgetTermOnRestart { t.currentTerm[i] = 1 }
                result.append(t)
            }
        }
        for i in 0..<n where s.state[i] == "Follower" || s.state[i] == "Candidate" {
            var t = s
            t.state[i] = "Candidate"
            t.currentTerm[i] += 1
            t.votedFor[i] = nil
            t.votesResponded[i] = []
            t.votesGranted[i] = []
            t.voterLog[i] = [:]
            result.append(t)
        }
        for i in 0..<n {
            for j in 0..<n where s.state[i] == "Candidate" && !s.votesResponded[i].contains(j) {
                var t = s
                t.messages = withMessage(Message(mtype: "RequestVoteRequest", mterm: s.currentTerm[i], msource: i, mdest: j,
                                                 mlastLogTerm: lastTerm(s.log[i]), mlastLogIndex: s.log[i].count), s.messages)
                result.append(t)
            }
        }
        for i in 0..<n where s.state[i] == "Candidate" && isQuorum(s.votesGranted[i], election: true) {
            var t = s
            t.state[i] = "Leader"
            t.nextIndex[i] = Array(repeating: s.log[i].count + 1, count: n)
            t.matchIndex[i] = Array(repeating: 0, count: n)
            if history {
                t.elections.insert(Election(eterm: s.currentTerm[i], eleader: i, elog: s.log[i],
                                            evotes: s.votesGranted[i], evoterLog: s.voterLog[i]))
            } else {
                t.elections.insert(Election(eterm: s.currentTerm[i], eleader: i))
            }
            result.append(t)
        }
        if logsOn {
            for i in 0..<n where s.state[i] == "Leader" {
                for v in 0..<configuration.values {
                    var t = s
                    t.log[i].append(Entry(term: s.currentTerm[i], value: v))
                    result.append(t)
                }
            }
            for i in 0..<n where s.state[i] == "Leader" {
                func agree(_ index: Int) -> Set<Int> { Set([i]).union((0..<n).filter { s.matchIndex[i][$0] >= index }) }
                let agreeIndexes = (0..<(s.log[i].count + 1)).dropFirst().filter { isQuorum(agree($0), election: false) }
                var newCommitIndex = s.commitIndex[i]
                if let top = agreeIndexes.max(),
                   variant == .commitByCountingOldTerm || s.log[i][top - 1].term == s.currentTerm[i] {
                    newCommitIndex = top
                }
                var t = s
                t.commitIndex[i] = newCommitIndex
                result.append(t)
            }
        }
        for i in 0..<n {
            for j in 0..<n where i != j && s.state[i] == "Leader" {
                let prevLogIndex = s.nextIndex[i][j] - 1
                let prevLogTerm = prevLogIndex > 0 ? s.log[i][prevLogIndex - 1].term : 0
                let lastEntry = min(s.log[i].count, s.nextIndex[i][j])
                let entries = s.nextIndex[i][j] <= lastEntry ? Array(s.log[i][(s.nextIndex[i][j] - 1)..<lastEntry]) : []
                var t = s
                t.messages = withMessage(Message(mtype: "AppendEntriesRequest", mterm: s.currentTerm[i], msource: i, mdest: j,
                                                 mlog: history ? s.log[i] : nil, mprevLogIndex: prevLogIndex,
                                                 mprevLogTerm: prevLogTerm, mentries: entries,
                                                 mcommitIndex: min(s.commitIndex[i], lastEntry)), s.messages)
                result.append(t)
            }
        }
        for m in s.messages.keys.sorted(by: { "\($0)" < "\($1)" }) {
            result += receive(m, s)
        }
        if configuration.maxDuplicates > 1 {
            for m in s.messages.keys {
                var t = s
                t.messages = withMessage(m, s.messages)
                result.append(t)
            }
        }
        if configuration.drops {
            for m in s.messages.keys {
                var t = s
                t.messages = withoutMessage(m, s.messages)
                result.append(t)
            }
        }
        if history {
            for index in result.indices { result[index].allLogs.formUnion(s.log) }
        } else if logsOn {
            for index in result.indices { recordCommits(from: s, into: &result[index]) }
        }
        return result
    }

    func committedPrefix(_ s: State, _ i: Int) -> [Entry] { Array(s.log[i].prefix(min(s.commitIndex[i], s.log[i].count))) }

    /// The ghost: every server's committed prefix that the step changed is merged, entry by
    /// entry, in the server's term after the step.
    func recordCommits(from s: State, into t: inout State) {
        for i in 0..<n {
            let prefix = committedPrefix(t, i)
            if prefix.isEmpty || prefix == committedPrefix(s, i) { continue }
            for (k, entry) in prefix.enumerated() {
                if k < t.committed.count {
                    if t.committed[k] != entry {
                        t.conflict = true
                        break
                    }
                    t.committedTerms[k] = min(t.committedTerms[k], t.currentTerm[i])
                } else {
                    t.committed.append(entry)
                    t.committedTerms.append(t.currentTerm[i])
                }
            }
        }
    }

    /// Receive(m): every disjunct that is enabled.
    func receive(_ m: Message, _ s: State) -> [State] {
        let i = m.mdest
        let j = m.msource
        var result: [State] = []
        // UpdateTerm
        if m.mterm > s.currentTerm[i] {
            var t = s
            t.currentTerm[i] = m.mterm
            t.state[i] = "Follower"
            t.votedFor[i] = nil
            result.append(t)
        }
        if m.mtype == "RequestVoteRequest" && m.mterm <= s.currentTerm[i] {
            let logOk = variant == .noUpToDateCheck || m.mlastLogTerm! > lastTerm(s.log[i])
                || (m.mlastLogTerm! == lastTerm(s.log[i]) && m.mlastLogIndex! >= s.log[i].count)
            let grant = m.mterm == s.currentTerm[i] && logOk && (s.votedFor[i] == nil || s.votedFor[i] == j)
            var t = s
            if grant { t.votedFor[i] = j }
            t.messages = withoutMessage(m, withMessage(Message(mtype: "RequestVoteResponse", mterm: s.currentTerm[i],
                                                               msource: i, mdest: j, mvoteGranted: grant,
                                                               mlog: history ? s.log[i] : nil), s.messages))
            result.append(t)
        }
        if m.mtype == "RequestVoteResponse" || m.mtype == "AppendEntriesResponse" {
            let countsStale = variant == .countStaleVotes && m.mtype == "RequestVoteResponse"
            if m.mterm < s.currentTerm[i] && !countsStale {
                var t = s
                t.messages = withoutMessage(m, s.messages)
                result.append(t)
            }
        }
        if m.mtype == "RequestVoteResponse"
            && (m.mterm == s.currentTerm[i] || (variant == .countStaleVotes && m.mterm < s.currentTerm[i])) {
            var t = s
            t.votesResponded[i].insert(j)
            if m.mvoteGranted! {
                t.votesGranted[i].insert(j)
                if history && t.voterLog[i][j] == nil { t.voterLog[i][j] = m.mlog! }
            }
            t.messages = withoutMessage(m, s.messages)
            result.append(t)
        }
        if m.mtype == "AppendEntriesRequest" && m.mterm <= s.currentTerm[i] {
            let logOk = m.mprevLogIndex! == 0
                || (m.mprevLogIndex! > 0 && m.mprevLogIndex! <= s.log[i].count
                    && (variant == .noPrevLogTermCheck || m.mprevLogTerm! == s.log[i][m.mprevLogIndex! - 1].term))
            if m.mterm < s.currentTerm[i] || (m.mterm == s.currentTerm[i] && s.state[i] == "Follower" && !logOk) {
                var t = s
                t.messages = withoutMessage(m, withMessage(Message(mtype: "AppendEntriesResponse", mterm: s.currentTerm[i],
                                                                   msource: i, mdest: j, msuccess: false, mmatchIndex: 0),
                                                           s.messages))
                result.append(t)
            }
            if m.mterm == s.currentTerm[i] && s.state[i] == "Candidate" {
                var t = s
                t.state[i] = "Follower"
                result.append(t)
            }
            if m.mterm == s.currentTerm[i] && s.state[i] == "Follower" && logOk {
                let index = m.mprevLogIndex! + 1
                let entries = m.mentries!
                if entries.isEmpty
                    || (s.log[i].count >= index && s.log[i][index - 1].term == entries[0].term) {
                    var t = s
                    t.commitIndex[i] = m.mcommitIndex!
                    t.messages = withoutMessage(m, withMessage(Message(mtype: "AppendEntriesResponse", mterm: s.currentTerm[i],
                                                                       msource: i, mdest: j, msuccess: true,
                                                                       mmatchIndex: m.mprevLogIndex! + entries.count),
                                                               s.messages))
                    result.append(t)
                }
                if !entries.isEmpty && s.log[i].count >= index && s.log[i][index - 1].term != entries[0].term {
                    var t = s
                    t.log[i].removeLast()
                    result.append(t)
                }
                if !entries.isEmpty && s.log[i].count == m.mprevLogIndex! {
                    var t = s
                    t.log[i].append(entries[0])
                    result.append(t)
                }
            }
        }
        if m.mtype == "AppendEntriesResponse" && m.mterm == s.currentTerm[i] {
            var t = s
            if m.msuccess! {
                t.nextIndex[i][j] = m.mmatchIndex! + 1
                t.matchIndex[i][j] = m.mmatchIndex!
            } else {
                t.nextIndex[i][j] = max(s.nextIndex[i][j] - 1, 1)
            }
            t.messages = withoutMessage(m, s.messages)
            result.append(t)
        }
        return result
    }

    func isWithinConstraint(_ s: State) -> Bool {
        (0..<n).allSatisfy { s.currentTerm[$0] <= configuration.maxTerm && s.log[$0].count <= configuration.maxLogLength }
            && s.messages.values.allSatisfy { $0 <= configuration.maxDuplicates }
            && s.messages.count <= configuration.maxInFlight
    }

    func electionSafety(_ s: State) -> Bool {
        s.elections.allSatisfy { e in s.elections.allSatisfy { f in e.eterm != f.eterm || e.eleader == f.eleader } }
    }

    // MARK: Canonical text and symmetry

    func text(_ log: [Entry]) -> String { "<" + log.map { "\($0.term).\($0.value)" }.joined(separator: ",") + ">" }

    func text(_ m: Message) -> String {
        var parts = ["\(m.mtype)", "\(m.mterm)", "\(m.msource)", "\(m.mdest)"]
        if let x = m.mlastLogTerm { parts.append("llt\(x)") }
        if let x = m.mlastLogIndex { parts.append("lli\(x)") }
        if let x = m.mvoteGranted { parts.append("g\(x)") }
        if let x = m.mlog { parts.append("log" + text(x)) }
        if let x = m.mprevLogIndex { parts.append("pli\(x)") }
        if let x = m.mprevLogTerm { parts.append("plt\(x)") }
        if let x = m.mentries { parts.append("e" + text(x)) }
        if let x = m.mcommitIndex { parts.append("c\(x)") }
        if let x = m.msuccess { parts.append("s\(x)") }
        if let x = m.mmatchIndex { parts.append("mi\(x)") }
        return parts.joined(separator: " ")
    }

    func text(_ e: Election) -> String {
        var parts = ["\(e.eterm)", "\(e.eleader)"]
        if let x = e.elog { parts.append(text(x)) }
        if let x = e.evotes { parts.append("\(x.sorted())") }
        if let x = e.evoterLog { parts.append(x.keys.sorted().map { "\($0):\(text(x[$0]!))" }.joined(separator: ",")) }
        return parts.joined(separator: " ")
    }

    /// A canonical text of the state: equal exactly when the states are equal.
    func key(_ s: State) -> String {
        var parts: [String] = []
        parts.append(s.messages.map { text($0.key) + "#\($0.value)" }.sorted().joined(separator: "|"))
        parts.append(s.elections.map(text).sorted().joined(separator: "|"))
        parts.append(s.allLogs.map(text).sorted().joined(separator: "|"))
        parts.append(text(s.committed) + " \(s.committedTerms) \(s.conflict)")
        for i in 0..<n {
            parts.append("\(s.currentTerm[i]) \(s.state[i]) \(s.votedFor[i].map(String.init) ?? "Nil") "
                + "\(s.votesResponded[i].sorted()) \(s.votesGranted[i].sorted()) \(text(s.log[i])) \(s.commitIndex[i]) "
                + "\(s.nextIndex[i]) \(s.matchIndex[i]) "
                + s.voterLog[i].keys.sorted().map { "\($0):\(text(s.voterLog[i][$0]!))" }.joined(separator: ","))
        }
        return parts.joined(separator: "\n")
    }

    /// `s` with server k renamed `p[k]`.
    func permute(_ s: State, _ p: [Int]) -> State {
        func rename(_ m: Message) -> Message {
            var r = m
            r.msource = p[m.msource]
            r.mdest = p[m.mdest]
            return r
        }
        func renameMap<V>(_ map: [Int: V]) -> [Int: V] {
            Dictionary(uniqueKeysWithValues: map.map { (p[$0.key], $0.value) })
        }
        var t = s
        t.messages = Dictionary(uniqueKeysWithValues: s.messages.map { (rename($0.key), $0.value) })
        t.elections = Set(s.elections.map { e in
            Election(eterm: e.eterm, eleader: p[e.eleader], elog: e.elog, evotes: e.evotes.map { Set($0.map { p[$0] }) },
                     evoterLog: e.evoterLog.map(renameMap))
        })
        for k in 0..<n {
            let i = p[k]
            t.currentTerm[i] = s.currentTerm[k]
            t.state[i] = s.state[k]
            t.votedFor[i] = s.votedFor[k].map { p[$0] }
            t.log[i] = s.log[k]
            t.commitIndex[i] = s.commitIndex[k]
            t.votesResponded[i] = Set(s.votesResponded[k].map { p[$0] })
            t.votesGranted[i] = Set(s.votesGranted[k].map { p[$0] })
            t.voterLog[i] = renameMap(s.voterLog[k])
            for l in 0..<n {
                t.nextIndex[i][p[l]] = s.nextIndex[k][l]
                t.matchIndex[i][p[l]] = s.matchIndex[k][l]
            }
        }
        return t
    }

    func canonicalKey(_ s: State, permutations: [[Int]]) -> String {
        permutations.map { key(permute(s, $0)) }.min()!
    }

    /// Breadth-first search with TLC's constraint semantics: distinct states (orbits with
    /// symmetry), TLC's depth, and whether electionSafety held (checked on cut successors too).
    func explore(symmetry: Bool) -> (distinct: Int, depth: Int, electionSafety: Bool) {
        let permutations = symmetry ? Symmetry.permutations(of: n) : [Array(0..<n)]
        var seen: Set<String> = [canonicalKey(initial, permutations: permutations)]
        var level = [initial]
        var depth = 1
        var safe = electionSafety(initial)
        while true {
            var next: [State] = []
            for s in level {
                for t in successors(s) {
                    if !electionSafety(t) { safe = false }
                    guard isWithinConstraint(t) else { continue }
                    if seen.insert(canonicalKey(t, permutations: permutations)).inserted { next.append(t) }
                }
            }
            if next.isEmpty { return (seen.count, depth, safe) }
            level = next
            depth += 1
        }
    }
}
