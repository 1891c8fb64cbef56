enum AllCommand { static func run(_ args: inout CommandLineArguments, console: Console) throws -> Int32 { 0 } }
enum ListCommand { static func run(_ args: inout CommandLineArguments, console: Console) throws -> Int32 { 0 } }
enum CheckCommand { static func run(_ args: inout CommandLineArguments, console: Console) throws -> Int32 { 0 } }
enum ReplayCommand { static func run(_ args: inout CommandLineArguments, console: Console) throws -> Int32 { 0 } }
enum BenchCommand { static func run(_ args: inout CommandLineArguments, console: Console) throws -> Int32 { 0 } }
