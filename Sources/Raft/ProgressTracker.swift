/// The leader's view of every member, and a candidate's votes, kept in arrays aligned with the
/// sorted member list: iteration order is the members' order, never a hash order.
public struct ProgressTracker: Sendable {
    public let members: [NodeID]
    public internal(set) var progress: [Progress]
    /// Votes received in the current campaign: nil for no answer yet.
    var votes: [Bool?]
    let inflightMessagesMax: Int
    let inflightBytesMax: Int

    init(members: [NodeID], inflightMessagesMax: Int, inflightBytesMax: Int) {
        precondition(!members.isEmpty && members == members.sorted())
        self.members = members
        self.inflightMessagesMax = inflightMessagesMax
        self.inflightBytesMax = inflightBytesMax
        progress = members.map { _ in Progress(next: 1, inflightMessagesMax: inflightMessagesMax, inflightBytesMax: inflightBytesMax) }
        votes = Array(repeating: nil, count: members.count)
    }

    /// A majority of the members.
    public var quorum: Int { members.count / 2 + 1 }

    /// The slot of `id`, or nil for a node that is not a member.
    public func slot(of id: NodeID) -> Int? {
        // Members are few and sorted; a linear scan beats hashing at this size.
        members.firstIndex(of: id)
    }

    mutating func resetProgress(lastIndex: UInt64, selfSlot: Int, selfMatch: UInt64) {
        for k in progress.indices {
            progress[k] = Progress(next: lastIndex + 1, inflightMessagesMax: inflightMessagesMax, inflightBytesMax: inflightBytesMax)
        }
        progress[selfSlot].match = selfMatch
        progress[selfSlot].next = max(selfMatch, lastIndex) + 1
    }

    mutating func resetVotes() {
        for k in votes.indices { votes[k] = nil }
    }

    /// Records a member's first answer in this campaign (later ones do not change it).
    mutating func recordVote(slot: Int, granted: Bool) {
        if votes[slot] == nil { votes[slot] = granted }
    }

    /// Won with a quorum of grants, lost once a quorum can no longer be reached, else pending.
    func tally() -> VoteResult {
        var granted = 0
        var rejected = 0
        for vote in votes {
            if vote == true { granted += 1 } else if vote == false { rejected += 1 }
        }
        if granted >= quorum { return .won }
        if members.count - rejected < quorum { return .lost }
        return .pending
    }

    /// The largest index a quorum of members matches: the commit index the matches allow.
    func quorumMatchIndex() -> UInt64 {
        // Members are few; an insertion sort of the matches on the stack avoids an allocation.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: progress.count) { buffer in
            for (k, member) in progress.enumerated() {
                var position = k
                while position > 0 && buffer[position - 1] < member.match {
                    buffer[position] = buffer[position - 1]
                    position -= 1
                }
                buffer[position] = member.match
            }
            return buffer[quorum - 1]
        }
    }

    /// True when a quorum (this node included) was heard from since the last check.
    func quorumActive(selfSlot: Int) -> Bool {
        var active = 0
        for (k, member) in progress.enumerated() where k == selfSlot || member.recentActive { active += 1 }
        return active >= quorum
    }
}
