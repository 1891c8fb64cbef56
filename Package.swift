// swift-tools-version: 6.2
// The verification suite for leader-elected services that must never double-charge.
// No package dependencies: the toolchain only (see the design card).
import PackageDescription

// Release builds optimise across module boundaries so that the generic search engine is
// specialised for each model it explores (the checker's inner loop lives in ModelChecker,
// the models in Models).
// Exclusivity is enforced statically; the dynamic checks on class properties cost a third of
// the search's time (measured with callgrind on two-phase commit) and are off in release.
let optimized: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "ConsensusVerification",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "verify", targets: ["verify"]),
        .library(name: "Support", targets: ["Support"]),
        .library(name: "ModelChecker", targets: ["ModelChecker"]),
        .library(name: "Linearizability", targets: ["Linearizability"]),
    ],
    targets: [
        .target(name: "Support", swiftSettings: optimized),
        .target(name: "ModelChecker", dependencies: ["Support"], swiftSettings: optimized),
        .target(name: "Verification", dependencies: ["Support", "ModelChecker"], swiftSettings: optimized),
        .target(name: "Models", dependencies: ["Support", "ModelChecker", "Verification"], path: "Models", swiftSettings: optimized),
        .target(name: "Linearizability", dependencies: ["Support"], swiftSettings: optimized),
        .target(name: "Raft", dependencies: ["Support"], swiftSettings: optimized),
        .target(name: "Durability", dependencies: ["Support"], swiftSettings: optimized),
        .target(name: "KeyValue", dependencies: ["Support"], swiftSettings: optimized),
        .target(name: "Election", dependencies: ["Support", "KeyValue"], swiftSettings: optimized),
        .target(name: "Billing", dependencies: ["Support", "KeyValue", "Election"], swiftSettings: optimized),
        .target(name: "Simulation", dependencies: ["Support", "Raft", "KeyValue", "Durability", "Linearizability"], swiftSettings: optimized),
        .target(name: "Reporting", dependencies: ["Support", "ModelChecker", "Verification"], swiftSettings: optimized),
        .target(
            name: "VerifyCLI",
            dependencies: ["Support", "ModelChecker", "Verification", "Models", "Linearizability", "Reporting", "Durability", "KeyValue", "Raft", "Simulation"],
            swiftSettings: optimized),
        .executableTarget(name: "verify", dependencies: ["VerifyCLI"], swiftSettings: optimized),
        .target(name: "TestSupport", dependencies: ["ModelChecker"], path: "Tests/TestSupport"),
        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "ModelCheckerTests", dependencies: ["Support", "ModelChecker"]),
        .testTarget(name: "ModelsTests", dependencies: ["Support", "ModelChecker", "Verification", "Models", "Reporting", "TestSupport"]),
        .testTarget(name: "LinearizabilityTests", dependencies: ["Support", "Linearizability"], exclude: ["Fixtures"]),
        .testTarget(name: "RaftTests", dependencies: ["Support", "Raft"]),
        .testTarget(name: "KeyValueTests", dependencies: ["Support", "KeyValue", "Linearizability"]),
        .testTarget(name: "ElectionTests", dependencies: ["Support", "KeyValue", "Election"]),
        .testTarget(name: "BillingTests", dependencies: ["Support", "KeyValue", "Election", "Billing"]),
        .testTarget(name: "SimulationTests", dependencies: ["Support", "Raft", "KeyValue", "Linearizability", "Simulation"]),
        .testTarget(name: "DurabilityTests", dependencies: ["Support", "Durability"]),
        .testTarget(name: "VerifyCLITests", dependencies: ["Support", "VerifyCLI", "ModelChecker", "Verification", "Models", "Reporting"]),
    ],
    swiftLanguageModes: [.v6]
)
