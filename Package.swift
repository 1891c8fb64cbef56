// swift-tools-version: 6.2
// The verification suite for leader-elected services that must never double-charge.
// No package dependencies: the toolchain only (see the design card).
import PackageDescription

// The executable's modules are built with cross-module optimisation and without dynamic
// exclusivity checks in release. The library products (Support, ModelChecker, Linearizability)
// take no unsafe flags, because SwiftPM refuses a versioned dependency whose targets have them
// (`.ci/check-dependency` builds a package that depends on this one by URL and version): the
// engine's hot classes declare `@exclusivity(unchecked)` on the fields that only one thread
// touches at a time instead, and its generic hot paths are specialised where they are called.
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
        .target(name: "Support"),
        .target(name: "ModelChecker", dependencies: ["Support"]),
        .target(name: "Verification", dependencies: ["Support", "ModelChecker"], swiftSettings: optimized),
        .target(name: "Models", dependencies: ["Support", "ModelChecker", "Verification"], path: "Models", swiftSettings: optimized),
        .target(name: "Linearizability", dependencies: ["Support"]),
        .target(name: "Raft", dependencies: ["Support"], swiftSettings: optimized),
        .target(name: "Durability", dependencies: ["Support"], swiftSettings: optimized),
        .target(name: "RaftFileStorage", dependencies: ["Support", "Raft", "Durability"], swiftSettings: optimized),
        .target(name: "KeyValue", dependencies: ["Support"], swiftSettings: optimized),
        .target(name: "Election", dependencies: ["Support", "KeyValue"], swiftSettings: optimized),
        .target(name: "Billing", dependencies: ["Support", "KeyValue", "Election"], swiftSettings: optimized),
        .target(name: "Simulation", dependencies: ["Support", "Raft", "KeyValue", "Durability", "Linearizability", "Election", "Billing"], swiftSettings: optimized),
        .target(name: "Reporting", dependencies: ["Support", "ModelChecker", "Verification"], swiftSettings: optimized),
        .target(
            name: "VerifyCLI",
            dependencies: ["Support", "ModelChecker", "Verification", "Models", "Linearizability", "Reporting", "Durability", "KeyValue", "Raft", "Simulation"],
            swiftSettings: optimized),
        .executableTarget(name: "verify", dependencies: ["VerifyCLI"], swiftSettings: optimized),
        .target(name: "TestSupport", dependencies: ["ModelChecker", "KeyValue", "Election"], path: "Tests/TestSupport"),
        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "ModelCheckerTests", dependencies: ["Support", "ModelChecker"]),
        .testTarget(name: "ModelsTests", dependencies: ["Support", "ModelChecker", "Verification", "Models", "Reporting", "TestSupport"]),
        .testTarget(name: "LinearizabilityTests", dependencies: ["Support", "Linearizability"], exclude: ["Fixtures"]),
        .testTarget(name: "RaftTests", dependencies: ["Support", "Raft"]),
        .testTarget(name: "KeyValueTests", dependencies: ["Support", "KeyValue", "Linearizability"]),
        .testTarget(name: "ElectionTests", dependencies: ["Support", "KeyValue", "Election", "TestSupport"]),
        .testTarget(name: "BillingTests", dependencies: ["Support", "KeyValue", "Election", "Billing", "TestSupport"]),
        .testTarget(name: "BillingSimulationTests", dependencies: ["Support", "KeyValue", "Billing", "Simulation"]),
        .testTarget(name: "SimulationTests", dependencies: ["Support", "Raft", "KeyValue", "Linearizability", "Simulation"]),
        .testTarget(name: "DurabilityTests", dependencies: ["Support", "Durability"]),
        .testTarget(name: "RaftFileStorageTests", dependencies: ["Support", "Raft", "Durability", "RaftFileStorage"]),
        .testTarget(name: "VerifyCLITests", dependencies: ["Support", "VerifyCLI", "ModelChecker", "Verification", "Models", "Reporting"]),
    ],
    swiftLanguageModes: [.v6]
)
