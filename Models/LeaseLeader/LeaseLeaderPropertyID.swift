import ModelChecker

extension LeaseLeader {
    /// The claims lease-leader checks, declared once: the model, the plan and the tests refer to
    /// them by value.
    public enum PropertyID: String, PropertyName, CaseIterable {
        case atMostOnceCharge, noItemSentUnderTwoRevisions, noChargeAfterLeaseExpiry, noWinOverLiveKey
        case noTwoBelieversWithoutPause, deadHolderKeyGoneInTime
        case chargeMade, failover, twoBrokersBelieveTheyLead, keyForgotten, keyOutlivesDeadHolder, allDueChargesRecorded
    }
}
