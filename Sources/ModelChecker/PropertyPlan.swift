/// The properties of a model sorted by how the search checks them, each with its index in the
/// result list (the model's order, then `deadlockFree` when deadlock detection is on).
@usableFromInline struct PropertyPlan<M: Model>: Sendable {
    @usableFromInline struct Entry: Sendable {
        var name: String
        var kind: Property<M>.Kind
        var applicable: Bool
    }

    @usableFromInline var results: [Entry] = []
    @usableFromInline var invariants: [(result: Int, property: Property<M>)] = []
    @usableFromInline var transitions: [(result: Int, property: Property<M>)] = []
    @usableFromInline var sometimes: [(result: Int, property: Property<M>)] = []
    @usableFromInline var possibly: [(result: Int, property: Property<M>)] = []
    @usableFromInline var deadlock: Int?
    /// Results whose finding is a failure (violations).
    @usableFromInline var failingWhenFound: [Int] = []
    /// Results that a finding decides once and for all (all but `alwaysPossibly`).
    @usableFromInline var decidable: [Int] = []

    @usableFromInline static var maximumAlwaysPossibly: Int { StateGraph.maximumGoals }

    @usableFromInline init(model: M, checkDeadlock: Bool) {
        var names: Set<String> = []
        for property in model.properties {
            precondition(names.insert(property.name).inserted, "two properties are named \(property.name)")
            let result = results.count
            results.append(Entry(name: property.name, kind: property.kind, applicable: property.isApplicable))
            guard property.isApplicable else { continue }
            switch property.kind {
            case .always:
                invariants.append((result, property))
                failingWhenFound.append(result)
                decidable.append(result)
            case .transition:
                transitions.append((result, property))
                failingWhenFound.append(result)
                decidable.append(result)
            case .sometimes:
                sometimes.append((result, property))
                decidable.append(result)
            case .alwaysPossibly:
                possibly.append((result, property))
            }
        }
        precondition(possibly.count <= Self.maximumAlwaysPossibly,
                     "at most \(Self.maximumAlwaysPossibly) alwaysPossibly properties per model")
        if checkDeadlock {
            deadlock = results.count
            results.append(Entry(name: "deadlockFree", kind: .always, applicable: true))
            failingWhenFound.append(deadlock!)
            decidable.append(deadlock!)
        }
    }
}
