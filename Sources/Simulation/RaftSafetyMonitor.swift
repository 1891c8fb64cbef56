import Raft
import Support

/// Raft's safety properties checked on the real nodes as the run goes, on what changed (the
/// model's four, after raft.tla, plus the persistence rule they rest on):
/// - election safety: at most one leader per term, after every input a node handles;
/// - log matching: two logs that hold an entry of one index and term agree on it and on the
///   term before it (so, by induction, on everything before it), checked on each entry written;
/// - leader completeness: a leader's log holds every entry seen committed, checked when it is
///   elected and when a commit is first seen;
/// - state machine safety: every node that applies an index applies the same entry to the same
///   store state (one digest per index);
/// - promises kept: a restarted node is in a term no lower than any it sent a message in, and
///   still holds any vote it granted in that term (Figure 2: persist before responding).
/// It also keeps what each node has applied since its last restart, for the acknowledged-writes
/// audit at the end.
struct RaftSafetyMonitor: Sendable {
    /// Violations kept for the report, at most.
    static let violationsMax = 16

    struct EntryRecord: Hashable, Sendable {
        var previousTerm: UInt64
        var dataHash: UInt64
    }

    var leaders: [UInt64: NodeID] = [:]
    /// The first digest applied at each index (index 1 at position 0).
    var digests: [UInt64] = []
    /// What each node applied since its last (re)start.
    var appliedDigests: [[UInt64]] = []
    var acknowledged: [(index: UInt64, digest: UInt64)] = []
    /// Every (index, term) ever written to a log, with the term before it and its data.
    var written: [LogPosition: EntryRecord] = [:]
    /// The term of every entry seen committed (index 1 at position 0).
    var committedTerms: [UInt64] = []
    /// Per node: the highest term it sent a (non-PreVote) message in, and the candidate it
    /// granted a vote to in that term.
    var promisedTerm: [UInt64] = []
    var promisedVote: [NodeID?] = []
    var electionViolations: [String] = []
    var logMatchingViolations: [String] = []
    var leaderCompletenessViolations: [String] = []
    var stateMachineViolations: [String] = []
    var promiseViolations: [String] = []

    init(nodeCount: Int) {
        appliedDigests = Array(repeating: [], count: nodeCount)
        promisedTerm = Array(repeating: 0, count: nodeCount)
        promisedVote = Array(repeating: nil, count: nodeCount)
    }

    /// What one node of number `index` did in one input.
    mutating func observe(_ node: StoreNode, index: Int, output: StoreNode.Output, at time: Int64) {
        withUnsafePointer(to: node) { observe(at: $0, index: index, output: output, at: time) }
    }

    /// `nodes[slot]` is the node of number `index`.
    mutating func observe(_ nodes: [StoreNode], slot: Int, index: Int, output: StoreNode.Output, at time: Int64) {
        // Read in place through a pointer: an array's (or a buffer's) subscript getter hands
        // out a copy of the node, a retain and release of each of its buffers per event.
        nodes.withUnsafeBufferPointer { observe(at: $0.baseAddress! + slot, index: index, output: output, at: time) }
    }

    /// A leader of a later term must hold what was just seen committed (checked at the end of
    /// each input for the nodes that lead).
    mutating func checkLeaderHoldsCommitted(_ nodes: [StoreNode], slot: Int, at time: Int64) {
        nodes.withUnsafeBufferPointer { checkLeaderHoldsCommitted(at: $0.baseAddress! + slot, at: time) }
    }

    private mutating func observe(at node: UnsafePointer<StoreNode>, index: Int, output: StoreNode.Output, at time: Int64) {
        if node.pointee.raft.role == .leader { observeLeader(node, at: time) }
        for entry in output.appended { observeWritten(entry, on: node, at: time) }
        observeCommit(node, at: time)
        for entry in output.applied {
            let position = Int(entry.index) - 1
            precondition(position == appliedDigests[index].count, "\(node.pointee.id) applied \(entry.index) out of order")
            appliedDigests[index].append(entry.digest)
            if position == digests.count {
                digests.append(entry.digest)
            } else if digests[position] != entry.digest {
                RaftSafetyMonitor.record(&stateMachineViolations, "at \(time): \(node.pointee.id) applied a different entry or state at index \(entry.index) (term \(entry.term))")
            }
        }
        acknowledged += output.acknowledged
        for message in output.messages { observeSent(message, index: index) }
    }

    private mutating func observeLeader(_ node: UnsafePointer<StoreNode>, at time: Int64) {
        let term = node.pointee.raft.currentTerm
        if let other = leaders[term] {
            if other != node.pointee.id { RaftSafetyMonitor.record(&electionViolations, "at \(time): \(node.pointee.id) and \(other) both lead term \(term)") }
            return
        }
        leaders[term] = node.pointee.id
        // Newly elected: it must hold every entry committed so far.
        for (position, committed) in committedTerms.enumerated() {
            let entryIndex = UInt64(position + 1)
            if node.pointee.raft.log.term(at: entryIndex) != committed {
                RaftSafetyMonitor.record(&leaderCompletenessViolations,
                    "at \(time): \(node.pointee.id) leads term \(term) without committed entry \(entryIndex)@\(committed) (it holds term \(node.pointee.raft.log.term(at: entryIndex).map(String.init) ?? "none"))")
                return
            }
        }
    }

    private mutating func observeWritten(_ entry: LogEntry, on node: UnsafePointer<StoreNode>, at time: Int64) {
        guard let previous = entry.index == 1 ? 0 : node.pointee.raft.log.term(at: entry.index - 1) else { return }
        let record = EntryRecord(previousTerm: previous, dataHash: StableHash.of(entry.data))
        if let known = written[entry.position] {
            if known != record {
                RaftSafetyMonitor.record(&logMatchingViolations,
                    "at \(time): \(node.pointee.id) wrote \(entry.index)@\(entry.term) after term \(previous), another log holds it after term \(known.previousTerm)\(known.dataHash == record.dataHash ? "" : " with other data")")
            }
        } else {
            written[entry.position] = record
        }
    }

    /// Entries first seen committed are kept with their terms; the node's log must agree with
    /// them at its commit index (an index once committed keeps its term).
    private mutating func observeCommit(_ node: UnsafePointer<StoreNode>, at time: Int64) {
        let commit = node.pointee.raft.commitIndex
        let known = UInt64(committedTerms.count)
        let probe = min(commit, known)
        if probe > 0, node.pointee.raft.log.term(at: probe) != committedTerms[Int(probe) - 1] {
            RaftSafetyMonitor.record(&leaderCompletenessViolations,
                "at \(time): \(node.pointee.id) committed \(probe) with term \(node.pointee.raft.log.term(at: probe).map(String.init) ?? "none"), seen committed before with term \(committedTerms[Int(probe) - 1])")
        }
        guard commit > known else { return }
        for entryIndex in (known + 1)...commit {
            guard let term = node.pointee.raft.log.term(at: entryIndex) else { return }
            committedTerms.append(term)
        }
    }

    private mutating func checkLeaderHoldsCommitted(at node: UnsafePointer<StoreNode>, at time: Int64) {
        guard node.pointee.raft.role == .leader, let last = committedTerms.last else { return }
        let lastIndex = UInt64(committedTerms.count)
        if node.pointee.raft.currentTerm > last, node.pointee.raft.log.term(at: lastIndex) != last {
            RaftSafetyMonitor.record(&leaderCompletenessViolations,
                "at \(time): \(node.pointee.id) leads term \(node.pointee.raft.currentTerm) without committed entry \(lastIndex)@\(last)")
        }
    }

    mutating func observeSent(_ message: RaftMessage, index: Int) {
        switch message.content {
        case .preVoteRequest, .preVoteResponse:
            // A PreVote names a term the sender has not entered: it promises nothing.
            return
        case .requestVoteResponse(let response):
            noteTerm(message.term, index: index)
            if response.voteGranted { promisedVote[index] = message.to }
        default:
            noteTerm(message.term, index: index)
        }
    }

    mutating func noteTerm(_ term: UInt64, index: Int) {
        if term > promisedTerm[index] {
            promisedTerm[index] = term
            promisedVote[index] = nil
        }
    }

    /// After a restart from the disk: the term and vote its messages promised survived.
    mutating func restarted(_ node: StoreNode, index: Int, at time: Int64) {
        appliedDigests[index] = []
        let term = node.raft.currentTerm, promised = promisedTerm[index]
        if term < promised {
            RaftSafetyMonitor.record(&promiseViolations, "at \(time): \(node.id) restarted in term \(term) after sending messages of term \(promised)")
        } else if term == promised, let vote = promisedVote[index], node.raft.votedFor != vote {
            RaftSafetyMonitor.record(&promiseViolations, "at \(time): \(node.id) restarted in term \(term) without its vote for \(vote) (votedFor \(node.raft.votedFor.map { "\($0)" } ?? "none"))")
        }
    }

    static func record(_ list: inout [String], _ line: String) {
        if list.count < RaftSafetyMonitor.violationsMax { list.append(line) }
    }

    /// Every acknowledged write is, at the end, applied by every node at its index.
    func lostAcknowledgedWrites() -> [String] {
        var lost: [String] = []
        for write in acknowledged {
            for node in appliedDigests.indices {
                let position = Int(write.index) - 1
                if position >= appliedDigests[node].count {
                    lost.append("n\(node + 1) has not applied acknowledged index \(write.index)")
                } else if appliedDigests[node][position] != write.digest {
                    lost.append("n\(node + 1) applied another entry at acknowledged index \(write.index)")
                }
                if lost.count >= RaftSafetyMonitor.violationsMax { return lost }
            }
        }
        return lost
    }
}
