/// Where a property was first found violated (or a `sometimes` witnessed), ordered so that the
/// shortest trace wins and, among traces of one length, the one whose steps come first in
/// (parent's rank in its level, action index) order. That order does not depend on how many
/// workers ran, so neither does any trace.
@usableFromInline struct Finding: Comparable, Sendable {
    /// The number of actions in the trace.
    @usableFromInline var length: Int
    /// The tie-breaker: the claim (parent rank << 24 | action index) of the trace's last step,
    /// or the index of the initial state for a trace of length 0.
    @usableFromInline var key: UInt64
    /// The stored state the trace ends in, or whose successor it ends in.
    @usableFromInline var stateId: Int
    /// When the trace ends in a successor that was not stored (cut by the constraint, or a
    /// transition property): the index of that last action among the state's actions.
    @usableFromInline var actionIndex: Int?

    @inlinable init(length: Int, key: UInt64, stateId: Int, actionIndex: Int?) {
        self.length = length
        self.key = key
        self.stateId = stateId
        self.actionIndex = actionIndex
    }

    @inlinable static func < (lhs: Finding, rhs: Finding) -> Bool {
        (lhs.length, lhs.key) < (rhs.length, rhs.key)
    }

    @inlinable static func == (lhs: Finding, rhs: Finding) -> Bool {
        lhs.length == rhs.length && lhs.key == rhs.key
    }
}

extension Optional where Wrapped == Finding {
    /// Keeps the smaller of two findings.
    @inlinable mutating func keepMinimum(_ other: Finding?) {
        guard let other else { return }
        if let current = self, current <= other { return }
        self = other
    }
}

/// Claims pack a parent's rank in its level and an action index into one ordered word.
@usableFromInline enum Claim {
    @usableFromInline static let actionBits: UInt64 = 24
    @usableFromInline static let actionMask: UInt64 = (1 << actionBits) - 1
    @usableFromInline static let maximumActions = Int(actionMask)

    @inlinable @inline(__always) static func make(rank: Int, action: Int) -> UInt64 {
        UInt64(rank) << actionBits | UInt64(action)
    }
    @inlinable @inline(__always) static func rank(_ claim: UInt64) -> Int { Int(claim >> actionBits) }
    @inlinable @inline(__always) static func action(_ claim: UInt64) -> Int { Int(claim & actionMask) }
}

/// Parent links: for each stored state id, its parent's id and the action index that led to
/// it (40 + 24 bits). Initial states have the sentinel parent and their index as the action.
@usableFromInline struct ParentLinks: Sendable {
    @usableFromInline static let noParent: UInt64 = (1 << 40) - 1
    @usableFromInline var links: [UInt64] = []

    @usableFromInline mutating func append(parent: Int?, action: Int) {
        let parentBits = parent.map { UInt64($0) } ?? Self.noParent
        precondition(parentBits <= Self.noParent && action <= Claim.maximumActions)
        links.append(parentBits << 24 | UInt64(action))
    }

    @usableFromInline var count: Int { links.count }
    @usableFromInline var bytes: Int { links.count * 8 }

    /// The initial-state index and the action indices from it to `id`.
    @usableFromInline func path(to id: Int) -> (initial: Int, actions: [Int]) {
        var actions: [Int] = []
        var current = id
        while true {
            let link = links[current]
            let parent = link >> 24
            let action = Int(link & Claim.actionMask)
            if parent == Self.noParent { return (action, actions.reversed()) }
            actions.append(action)
            current = Int(parent)
        }
    }
}

extension Model {
    /// Re-executes action indices from an initial state; the checker's own traces always
    /// reproduce, so a failure here means the model is not deterministic.
    @usableFromInline func trace(initialIndex: Int, actionIndices: [Int]) -> Trace<Self> {
        let initial = initialStates[initialIndex]
        var state = initial
        var steps: [(action: Action, state: State)] = []
        var buffer: [Action] = []
        for index in actionIndices {
            buffer.removeAll(keepingCapacity: true)
            actions(in: state, into: &buffer)
            precondition(index < buffer.count, "model is not deterministic: action \(index) vanished on replay")
            let action = buffer[index]
            guard let next = successor(of: state, by: action) else {
                preconditionFailure("model is not deterministic: action \(index) disabled on replay")
            }
            steps.append((action, next))
            state = next
        }
        return Trace(initial: initial, steps: steps)
    }
}
