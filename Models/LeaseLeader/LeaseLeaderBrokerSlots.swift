extension LeaseLeader {
    /// One value per broker, stored inline (no heap allocation when a state is copied), for up
    /// to `capacity` brokers. Slots beyond the configured broker count keep their initial value
    /// and are neither encoded nor permuted.
    public struct BrokerSlots<Element: Hashable & Sendable>: Hashable, Sendable {
        public static var capacity: Int { 3 }
        private var first: Element
        private var second: Element
        private var third: Element

        init(repeating value: Element) {
            first = value
            second = value
            third = value
        }

        public subscript(index: Int) -> Element {
            get {
                switch index {
                case 0: return first
                case 1: return second
                case 2: return third
                default: preconditionFailure("broker slot \(index) is beyond the capacity of \(Self.capacity)")
                }
            }
            set {
                switch index {
                case 0: first = newValue
                case 1: second = newValue
                case 2: third = newValue
                default: preconditionFailure("broker slot \(index) is beyond the capacity of \(Self.capacity)")
                }
            }
        }

        /// The slots with broker `i` moved to `permutation[i]`, for the first `count` brokers.
        func permuted(by permutation: [Int], count: Int) -> BrokerSlots {
            var result = self
            for index in 0..<count { result[permutation[index]] = self[index] }
            return result
        }
    }
}
