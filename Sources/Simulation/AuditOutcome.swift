/// An audit's verdict for one seed. `undecided` fails the seed: a check that says nothing has
/// caught nothing.
public enum AuditOutcome: String, Hashable, Sendable {
    case passed, failed, undecided
}
