import KeyValue

/// When each lease lived at the store, from the lease changes it applied and the store's time
/// of applying them: the store's history that the audits read (never a broker's belief).
public struct LeaseTimeline: Hashable, Sendable {
    public struct Life: Hashable, Sendable {
        public var grantedAt: Int64
        /// When it was revoked or expired (nil: still alive).
        public var removedAt: Int64?

        public func isLive(at time: Int64) -> Bool {
            grantedAt <= time && (removedAt.map { time < $0 } ?? true)
        }
    }

    public private(set) var lives: [Int64: Life] = [:]

    public init() {}

    public mutating func record(_ changes: [LeaseChange], at time: Int64) {
        for change in changes {
            switch change {
            case .granted(let id, _):
                precondition(lives[id] == nil, "lease ids are not reused")
                lives[id] = Life(grantedAt: time)
            case .removed(let id):
                guard lives[id] != nil else { continue }
                if lives[id]!.removedAt == nil { lives[id]!.removedAt = time }
            case .refreshed, .checkpointed:
                continue
            }
        }
    }

    /// Whether the lease existed at the store at `time` (false for a lease never seen).
    public func isLive(_ lease: Int64, at time: Int64) -> Bool {
        lives[lease]?.isLive(at: time) ?? false
    }
}
