/// What applying one entry did: the answer for the client (or why the store refused it), the
/// store's revision after it, the events of the new revision (empty when nothing changed; the
/// watch hub fans them out) and the changes to leases (the lessor follows them).
public struct ApplyResult: Hashable, Sendable {
    public var result: Result<Response, StoreError>
    public var revision: Int64
    public var events: [Event]
    public var leaseChanges: [LeaseChange]

    public init(result: Result<Response, StoreError>, revision: Int64, events: [Event] = [], leaseChanges: [LeaseChange] = []) {
        self.result = result
        self.revision = revision
        self.events = events
        self.leaseChanges = leaseChanges
    }

    public var response: Response? { try? result.get() }
    public var error: StoreError? {
        if case .failure(let error) = result { return error }
        return nil
    }
}
