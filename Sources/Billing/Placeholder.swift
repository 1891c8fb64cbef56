public enum BillingPlaceholder {}
