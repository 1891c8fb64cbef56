/// A follower's answer to a heartbeat, echoing its `readContext`: it confirms to the leader that
/// it was still leader when it sent that heartbeat (thesis §6.4).
public struct HeartbeatResponse: Hashable, Sendable {
    public var readContext: UInt64

    public init(readContext: UInt64) { self.readContext = readContext }
}
