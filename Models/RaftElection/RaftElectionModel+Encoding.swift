import ModelChecker
import Support

/// The stable encoding of a state, and the renaming of servers for symmetry reduction.
///
/// The encoding writes the state's fields in a fixed order, fixed-width per server and per
/// message, with a count before each variable-length part (the bag, the elections, allLogs),
/// so it is injective. It leaves out what the configuration makes constant: with logs off,
/// `log`, `commitIndex`, `nextIndex` and `matchIndex` never change (every log stays `<<>>`,
/// so every index stays 1 or 0; `checkInvariants` asserts it), and so does the ghost of
/// committed entries (kept only with logs on and without TLC's history); the words of `elections` past
/// the term bound stay zero; and the history the mode does not keep is absent.
extension RaftElectionModel {
    public func encode(_ state: State, into encoder: inout StateEncoder) {
        encode(state, renaming: nil, into: &encoder)
    }

    /// The encoding of `permuting(state, by: permutation)`, written from `state` without
    /// building the renamed state (with TLC's log history, which `permuting` renames as a
    /// shared object, by building it).
    public func encode(_ state: State, renamedBy permutation: [Int], into encoder: inout StateEncoder) {
        if LogHistory.keepsLogs {
            encode(permuting(state, by: permutation), into: &encoder)
        } else {
            encode(state, renaming: ServerRenaming(permutation), into: &encoder)
        }
    }

    /// The encoding of `state` with its servers renamed by `renaming` (nil: as it is). New
    /// server p is old server `renaming.source(of: p)`, renamed; the bag and the elections are
    /// renamed and sorted as `permuting` does.
    @inline(__always)
    func encode(_ state: State, renaming: ServerRenaming?, into encoder: inout StateEncoder) {
        precondition(renaming == nil || !LogHistory.keepsLogs, "the log history is renamed by permuting")
        if logsOn {
            for p in 0..<servers {
                let server = renaming.map { state.servers[$0.source(of: p)].renamed($0) } ?? state.servers[p]
                encoder.append(server.word)
                encoder.append(server.log.bits)
            }
        } else {
            // Only the 19 bits of election fields change: three servers to a word.
            var p = 0
            while p < servers {
                let group = min(3, servers - p)
                var bits: UInt64 = 0
                for k in 0..<group {
                    let fields = renaming.map { state.servers[$0.source(of: p + k)].renamedElectionFields($0) }
                        ?? state.servers[p + k].electionFields
                    bits |= fields << UInt64(19 * k)
                }
                encoder.append(low: (19 * group + 7) / 8, of: bits)
                p += group
            }
        }
        let messages = renaming.map { state.messages.renamed($0) } ?? state.messages
        let inFlight = messages.count
        encoder.appendCount(inFlight)
        // A message word with its count: 34 bits, or 58 with mlog.
        let messageBytes = keepsHistoryLogs ? 8 : 5
        for slot in 0..<inFlight { encoder.append(low: messageBytes, of: messages[slot]) }
        // Elections happen in terms 2...maxTerm: five bits per server and term.
        if configuration.maxTerm >= 2 {
            let elections = renaming.map { state.elections.isEmpty ? state.elections
                : state.elections.renamed($0, maximumTerm: configuration.maxTerm) } ?? state.elections
            let laneBytes = (5 * servers + 7) / 8
            for term in 2...configuration.maxTerm { encoder.append(low: laneBytes, of: elections.lane(term)) }
        }
        if configuration.tlcHistory { encoder.append(state.allLogsIsNonEmpty) }
        if keepsCommitGhost {
            encoder.append(state.committed.log.bits)
            encoder.append(state.committed.terms)
        }
        if let history = state.logHistory.logHistory {
            encoder.appendCount(history.elections.count)
            for record in history.elections {
                encoder.append(record.term)
                encoder.append(record.leader)
                encoder.append(record.log.bits)
                for voter in 0..<servers { encoder.append(record.voterLogs[voter].bits) }
            }
            encoder.appendCount(history.allLogs.count)
            for log in history.allLogs { encoder.append(log.bits) }
            for log in history.voterLogs { encoder.append(log.bits) }
        }
    }

    /// TLC's `SYMMETRY Permutations(Server)`: the servers are interchangeable.
    public var symmetricIdentifierCount: Int { servers }

    /// What renaming leaves of server `i`'s own variables: term, role, whether it voted (for
    /// itself or another), how many votes it has heard and been granted (and whether its own is
    /// among them), its commit index and its log. The engine tries only the renamings that sort
    /// servers by it, usually one instead of `servers`!; the TLC counts pinned in the tests
    /// (705,532 states, 118,001 orbits) check that it is renaming-invariant.
    public func symmetrySignature(of state: State, identifier i: Int) -> UInt64 {
        let server = state.servers[i]
        let word = server.word
        let voted = (word >> 6) & 7
        let voteClass: UInt64 = voted == 0 ? 0 : (voted == UInt64(i) + 1 ? 1 : 2)
        let responded = (word >> 9) & 0x1F
        let granted = (word >> 14) & 0x1F
        var summary = word & 0x3F
        summary |= voteClass << 6
        summary |= UInt64(responded.nonzeroBitCount) << 8 | ((responded >> UInt64(i)) & 1) << 11
        summary |= UInt64(granted.nonzeroBitCount) << 12 | ((granted >> UInt64(i)) & 1) << 15
        summary |= ((word >> 19) & 7) << 16
        // Ordered by term and role first (the high bits), then the rest.
        return (word & 0x3F) << 58 | (StableHash.mix(summary ^ StableHash.mix(server.log.bits)) >> 6)
    }

    /// Renames server j to `permutation[j]` everywhere: the per-server variables, `votedFor`,
    /// the vote sets, the index rows, message sources and destinations, election records and
    /// `voterLog`; then sorts the bag and the elections again (the normal form).
    public func permuting(_ state: State, by permutation: [Int]) -> State {
        precondition(permutation.count == servers, "a permutation renames every server")
        let renaming = ServerRenaming(permutation)
        var next = state
        for i in 0..<servers { next.servers[renaming[i]] = state.servers[i].renamed(renaming) }
        next.messages = state.messages.renamed(renaming)
        if !state.elections.isEmpty {
            next.elections = state.elections.renamed(renaming, maximumTerm: configuration.maxTerm)
        }
        if LogHistory.keepsLogs { next.logHistory = state.logHistory.updated { $0.renamed(renaming) } }
        return next
    }
}
