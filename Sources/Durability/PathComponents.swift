/// Splitting a path into its directory and last name, the one path operation the layer needs.
enum PathComponents {
    /// `"/a/b/c"` gives `("/a/b", "c")`; a bare name lies in `"."`.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }
}
