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
        .library(name: "ModelChecker", targets: ["ModelChecker"]),
        .library(name: "Linearizability", targets: ["Linearizability"]),
    ],
    targets: [
        .target(name: "Support", swiftSettings: optimized),
        .target(name: "ModelChecker", dependencies: ["Support"], swiftSettings: optimized),
        .target(name: "Models", dependencies: ["Support", "ModelChecker"], path: "Models", swiftSettings: optimized),
        .target(name: "Linearizability", dependencies: ["Support"], swiftSettings: optimized),
        .target(name: "Reporting", dependencies: ["Support", "ModelChecker"], swiftSettings: optimized),
        .target(name: "Raft", dependencies: ["Support"], swiftSettings: optimized),
        .target(
            name: "VerifyCLI",
            dependencies: ["Support", "ModelChecker", "Models", "Linearizability", "Reporting", "Raft"],
            swiftSettings: optimized),
        .executableTarget(name: "verify", dependencies: ["VerifyCLI"], swiftSettings: optimized),
        .testTarget(name: "ModelCheckerTests", dependencies: ["Support", "ModelChecker"]),
        .testTarget(name: "ModelsTests", dependencies: ["Support", "ModelChecker", "Models", "Reporting"]),
        .testTarget(name: "LinearizabilityTests", dependencies: ["Support", "Linearizability"], exclude: ["Fixtures"]),
        .testTarget(name: "RaftTests", dependencies: ["Support", "Raft"]),
        .testTarget(name: "VerifyCLITests", dependencies: ["Support", "VerifyCLI", "ModelChecker", "Models", "Reporting"]),
    ],
    swiftLanguageModes: [.v6]
)
