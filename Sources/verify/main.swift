import Foundation
import VerifyCLI

// A thin entry point: all logic lives in VerifyCLI so tests run it in-process.
exit(Verify.run(Array(CommandLine.arguments.dropFirst())))
