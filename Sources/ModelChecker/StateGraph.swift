/// The stored state graph that `alwaysPossibly` (CTL's AG EF) is decided on: one flag byte per
/// state and the edges between stored states, by id. Its memory is reported apart from the
/// visited set's.
@usableFromInline struct StateGraph: Sendable {
    @usableFromInline static let cutBit: UInt8 = 1
    @usableFromInline static let unexploredBit: UInt8 = 2
    @usableFromInline static let maximumGoals = 6
    @inlinable @inline(__always) static func goalBit(_ goal: Int) -> UInt8 { UInt8(4) << UInt8(goal) }

    @usableFromInline var flags: [UInt8] = []
    @usableFromInline var edgeFrom: [UInt32] = []
    @usableFromInline var edgeTo: [UInt32] = []

    @usableFromInline var bytes: Int { flags.count + (edgeFrom.count + edgeTo.count) * 4 }

    @usableFromInline mutating func addStates(_ count: Int) {
        flags.append(contentsOf: repeatElement(0, count: count))
    }

    @inlinable mutating func withFlags(_ body: (UnsafeMutableBufferPointer<UInt8>) -> Void) {
        flags.withUnsafeMutableBufferPointer { body($0) }
    }

    /// States whose successors were never (fully) explored count as able to reach the goal.
    @usableFromInline mutating func markUnexplored(_ ids: Range<Int>) {
        for id in ids where id < flags.count { flags[id] |= Self.unexploredBit }
    }

    @usableFromInline mutating func markUnexplored(_ id: Int) {
        if id < flags.count { flags[id] |= Self.unexploredBit }
    }

    @usableFromInline mutating func appendEdges<M: Model>(from worker: BFSWorker<M>) {
        edgeFrom.append(contentsOf: worker.edgeFrom)
        edgeTo.append(contentsOf: worker.edgeTo)
    }

    @usableFromInline mutating func appendEdge(from: Int, to: Int) {
        edgeFrom.append(UInt32(from))
        edgeTo.append(UInt32(to))
    }

    /// Decides AG EF goal by backward reachability. Optimistically (a successor cut by the
    /// constraint, or a state never expanded, counts as reaching the goal), any state that
    /// still cannot reach the goal is a definite violation: the one with the smallest id, which
    /// breadth-first ids make a shortest path's end. Otherwise, if pessimism (cut successors
    /// do not reach the goal) would find a violation, or the search was incomplete, the
    /// verdict depends on what was not explored: `unknown`.
    @usableFromInline func decideAlwaysPossibly(goal: Int, complete: Bool) -> (Outcome, Int?) {
        let count = flags.count
        guard count > 0 else { return (complete ? .holds : .unknown, nil) }
        // Reverse adjacency in compressed rows.
        var start = Array(repeating: 0, count: count + 1)
        for target in edgeTo { start[Int(target) + 1] += 1 }
        for index in 0..<count { start[index + 1] += start[index] }
        var fill = start
        var predecessors = Array(repeating: UInt32(0), count: edgeTo.count)
        for (source, target) in zip(edgeFrom, edgeTo) {
            predecessors[fill[Int(target)]] = source
            fill[Int(target)] += 1
        }
        let goalBit = Self.goalBit(goal)
        func unreaching(optimistic: Bool) -> Int? {
            var reaches = Array(repeating: false, count: count)
            var queue: [Int] = []
            queue.reserveCapacity(count)
            let seedMask: UInt8 = optimistic ? (goalBit | Self.cutBit | Self.unexploredBit) : goalBit
            for id in 0..<count where flags[id] & seedMask != 0 {
                reaches[id] = true
                queue.append(id)
            }
            var head = 0
            while head < queue.count {
                let target = queue[head]
                head += 1
                for index in start[target]..<start[target + 1] {
                    let source = Int(predecessors[index])
                    if !reaches[source] {
                        reaches[source] = true
                        queue.append(source)
                    }
                }
            }
            return reaches.firstIndex(of: false)
        }
        if let violator = unreaching(optimistic: true) { return (.violated, violator) }
        if !complete { return (.unknown, nil) }
        if unreaching(optimistic: false) != nil { return (.unknown, nil) }
        return (.holds, nil)
    }
}
