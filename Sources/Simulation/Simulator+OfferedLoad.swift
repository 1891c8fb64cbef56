import Foundation

extension Simulator {
    /// Interarrival times are capped at this many means: the tail past it holds e^-8 of the
    /// mass (the mean moves by 0.03%), and one draw cannot silence a client for seconds.
    static let arrivalIntervalMeansMax = 8.0

    /// Schedules the client's next arrival of an offered rate: exponential interarrival times
    /// (a Poisson process, the open loop a benchmark of offered load needs), drawn from the
    /// workload stream and kept in microseconds so that the mean holds at any rate. None at or
    /// after `arrivalsEndMilliseconds`: the last request's timeout must end it within the run.
    mutating func scheduleArrival(_ client: Int) {
        guard let rate = configuration.operationsPerClientPerSecond else {
            preconditionFailure("arrivals come only with an offered rate")
        }
        precondition(rate > 0, "a positive rate")
        let meanMicroseconds = 1_000_000 / Double(rate)
        // A uniform draw in (0, 1] from the top 53 bits, through the inverse of the
        // exponential's distribution function.
        let uniform = Double((workload.next() >> 11) + 1) / Double(UInt64(1) << 53)
        let interval = min(-Foundation.log(uniform), Simulator.arrivalIntervalMeansMax) * meanMicroseconds
        let arrival = clientStates[client].nextArrivalMicroseconds + max(1, Int64(interval))
        clientStates[client].nextArrivalMicroseconds = arrival
        let at = (arrival + 999) / 1_000
        guard at < configuration.arrivalsEndMilliseconds else { return }
        precondition(at >= now, "arrivals go forward in time")
        queue.schedule(.clientArrival(client: client), at: at)
    }

    /// A request arrives: sent at once on an idle lane (a new one while fewer than
    /// `callsPerClientMax` are open), else it waits for one, else (more than
    /// `arrivalsWaitingMax` waiting, as while no leader answers) it is shed.
    mutating func arrive(_ client: Int) {
        scheduleArrival(client)
        if let lane = clientStates[client].freeLane(lanesMax: configuration.callsPerClientMax, client: client,
                                                    clientCount: configuration.clientCount) {
            startCall(client, lane: lane)
        } else if clientStates[client].arrivalsWaiting < configuration.arrivalsWaitingMax {
            clientStates[client].arrivalsWaiting += 1
        } else {
            clientStates[client].arrivalsShed += 1
        }
        assert(clientStates[client].openCount <= configuration.callsPerClientMax, "no more lanes than the limit")
    }

    /// `lane` just became idle: it takes the oldest waiting arrival, unless the run is past the
    /// time requests may start, when the waiting ones are shed.
    mutating func serveWaiting(_ client: Int, lane: Int) {
        guard clientStates[client].arrivalsWaiting > 0, clientStates[client].lanes[lane].open == nil else { return }
        guard now < configuration.arrivalsEndMilliseconds else {
            clientStates[client].arrivalsShed += clientStates[client].arrivalsWaiting
            clientStates[client].arrivalsWaiting = 0
            return
        }
        clientStates[client].arrivalsWaiting -= 1
        startCall(client, lane: lane)
    }
}
