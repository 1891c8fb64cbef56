extension LeaseLeader {
    /// One step of the system. Each broker runs two threads (its session, its charging loop),
    /// each of which has at most one step of its own enabled in any state.
    public enum Action: Hashable, Sendable {
        /// The receiver of a message in flight handles it.
        case deliver(Message)
        /// The store's watch stream hands broker b the next event.
        case watchEvent(broker: UInt8)
        /// Broker b's session thread takes its enabled step (start, retry, refresh, step down).
        case session(broker: UInt8)
        /// Broker b's charging loop takes its enabled step (poll, retry, give up).
        case worker(broker: UInt8)
        /// One tick of time; the brokers in `lagging` (a bit mask) miss it (clock drift).
        case tick(lagging: UInt8)
        /// The next period of subscription s falls due.
        case fallDue(subscription: UInt8)
        /// The network loses a message (fault).
        case drop(Message)
        /// The network slows a message: it may cross up to `maxMessageDelayTicks` ticks (fault).
        case delay(Message)
        /// The network slows broker b's watch stream: its next event may cross up to
        /// `maxMessageDelayTicks` ticks (fault, from the same budget as `delay`).
        case delayWatch(broker: UInt8)
        case pause(broker: UInt8)
        case wake(broker: UInt8)
        case crash(broker: UInt8)
        /// The store compacts its history up to its current revision (fault).
        case compact
        /// The store's Raft group elects a new leader, which restores and extends every lease (fault).
        case storeLeaderChange
    }
}
