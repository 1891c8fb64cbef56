import KeyValue

/// A scripted three-replica run of the store's lease machinery for the expiry bound: one log,
/// leaders that change on a script (with leaderless gaps), entries that commit a fixed latency
/// after the leader proposes them (or are lost with the leader), replicas that apply each
/// committed entry after their own lag on clocks with their own offsets, and replicas that
/// crash and restart. A client grants a lease and keeps it alive until it dies.
struct LeaseCluster {
    struct Replica {
        var store = KeyValueStore()
        var lessor: Lessor
        var applied = 0
        /// This replica's clock reads absolute time + offset.
        var offset: Int64
        /// It applies a committed entry this long after the commit.
        var lag: Int64
        var up = true
    }

    struct Script {
        /// (from, leader): the leader from that absolute time on; nil: no leader.
        var leaders: [(from: Int64, leader: Int?)]
        /// (down, up): replica crashes and restarts.
        var outages: [(replica: Int, down: Int64, up: Int64)] = []
        /// The client sends its last keep-alive before this.
        var clientDiesAt: Int64
        var endAt: Int64
    }

    static let tickMilliseconds: Int64 = 10
    static let commitLatencyMilliseconds: Int64 = 20
    static let ttlSeconds: Int64 = 5
    static let leaseID: Int64 = 7
    static let retryMilliseconds: Int64 = 200

    var replicas: [Replica]
    var log: [(request: Request, committedAt: Int64)] = []
    var inFlight: [(request: Request, commitAt: Int64, proposer: Int)] = []
    var leader: Int?
    let configuration: LessorConfiguration
    /// Commit times of the client's keep-alives (and grant) and of the expiry.
    var keepAliveCommits: [Int64] = []
    var expiredAt: Int64?
    var promotions: [Int64] = []

    init(offsets: [Int64], lags: [Int64], configuration: LessorConfiguration = LessorConfiguration()) {
        self.configuration = configuration
        replicas = zip(offsets, lags).map { Replica(lessor: Lessor(configuration: configuration), offset: $0, lag: $1) }
    }

    /// Applies committed entries the replica is due to have applied by `now` (all, when `all`).
    mutating func catchUp(_ index: Int, now: Int64, all: Bool = false) {
        var replica = replicas[index]
        let local = now + replica.offset
        while replica.applied < log.count {
            let entry = log[replica.applied]
            if !all && entry.committedAt + (index == leader ? 0 : replica.lag) > now { break }
            let result = replica.store.apply(entry.request)
            replica.lessor.observe(result.leaseChanges, at: local)
            if case .success(.leaseExpire(_, true)) = result.result, expiredAt == nil { expiredAt = entry.committedAt }
            replica.applied += 1
        }
        replicas[index] = replica
    }

    mutating func run(_ script: Script) {
        var time: Int64 = 0
        var lastAttempt: Int64 = 0
        let keepAliveEvery = LeaseCluster.ttlSeconds * 1000 / 3
        while time <= script.endAt {
            changeLeader(at: time, script)
            outages(at: time, script)
            commit(at: time)
            for index in replicas.indices where replicas[index].up { catchUp(index, now: time) }
            if time == 0 { propose(.leaseGrant(id: LeaseCluster.leaseID, ttlSeconds: LeaseCluster.ttlSeconds), at: time) }
            // The client keeps alive every TTL / 3 after its last success, and tries again after
            // a while when an attempt is lost (no leader, or lost with one).
            let sinceSuccess = time - (keepAliveCommits.last ?? 0)
            if time < script.clientDiesAt && sinceSuccess >= keepAliveEvery && time - lastAttempt >= LeaseCluster.retryMilliseconds {
                lastAttempt = time
                propose(.leaseKeepAlive(id: LeaseCluster.leaseID), at: time)
            }
            if let leader {
                for request in replicas[leader].lessor.tick(at: time + replicas[leader].offset) { propose(request, at: time) }
            }
            time += LeaseCluster.tickMilliseconds
        }
    }

    private mutating func propose(_ request: Request, at time: Int64) {
        guard let leader else { return } // no leader: the request is lost
        inFlight.append((request, time + LeaseCluster.commitLatencyMilliseconds, leader))
    }

    private mutating func commit(at time: Int64) {
        var kept: [(request: Request, commitAt: Int64, proposer: Int)] = []
        for entry in inFlight {
            guard entry.proposer == leader else { continue } // lost with its leader
            if entry.commitAt > time { kept.append(entry); continue }
            log.append((entry.request, time))
            if case .leaseGrant = entry.request { keepAliveCommits.append(time) }
            if case .leaseKeepAlive = entry.request { keepAliveCommits.append(time) }
        }
        inFlight = kept
    }

    private mutating func changeLeader(at time: Int64, _ script: Script) {
        guard let change = script.leaders.last(where: { $0.from <= time }), change.leader != leader else { return }
        if let old = leader { replicas[old].lessor.demote() }
        leader = change.leader
        guard let new = leader else { return }
        precondition(replicas[new].up, "a replica that is down cannot lead")
        // A new leader has every committed entry and applies them before it leads.
        catchUp(new, now: time, all: true)
        replicas[new].lessor.promote()
        promotions.append(time)
    }

    private mutating func outages(at time: Int64, _ script: Script) {
        for outage in script.outages {
            if outage.down == time {
                precondition(outage.replica != leader, "the script demotes a leader before it crashes")
                replicas[outage.replica].up = false
            }
            if outage.up == time {
                // The log and the store survive on disk; the lessor's clock anchors do not.
                var replica = replicas[outage.replica]
                replica.up = true
                replica.lessor = Lessor(configuration: configuration)
                replica.lessor.reset(from: replica.store, at: time + replica.offset)
                replicas[outage.replica] = replica
                catchUp(outage.replica, now: time, all: true)
            }
        }
    }
}
