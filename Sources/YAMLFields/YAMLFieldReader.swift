/// Typed access to a loaded YAML document with errors that name the key, shared by every loader of data
/// files (board configs, meter register maps, fleets). A loader conforms by saying how to build its own
/// error from a key path, a problem and (for YAML syntax errors and duplicate keys) a 1-based line.
public protocol YAMLFieldReader {
    associatedtype Failure: Error
    func fail(_ key: String, _ problem: String, line: Int?) -> Failure
}

extension YAMLFieldReader {
    /// An error for `key` (a path such as `evses[0].meter.model`; empty for the whole file).
    public func fail(_ key: String, _ problem: String) -> Failure {
        fail(key, problem, line: nil)
    }

    /// Parses `yaml` and returns its top-level mapping; a syntax error names its line and column.
    ///
    /// The text must hold one document (an empty text is a missing mapping). A key given twice in one mapping is
    /// refused with both lines, since only one of the two values could be kept.
    public func loadTopLevelMapping(_ yaml: String) throws(Failure) -> [String: Any] {
        let root: Any?
        do {
            root = try YAMLComposer.load(yaml)
        } catch {
            throw fail(error.key, error.problem, line: error.line)
        }
        return try mapping(root, at: "")
    }

    public func mapping(_ value: Any?, at path: String) throws(Failure) -> [String: Any] {
        guard let value else { throw fail(path, "is missing") }
        guard let dictionary = value as? [AnyHashable: Any] else {
            throw fail(path, path.isEmpty ? "must be a YAML mapping" : "must be a mapping, not \(describe(value))")
        }
        var result: [String: Any] = [:]
        for (key, item) in dictionary {
            guard let name = key as? String else { throw fail(path, "has a key that is not a string: \(key)") }
            result[name] = item
        }
        return result
    }

    /// Refuses any key of `fields` not in `keys` (a misspelt key must not be silently ignored).
    public func allowOnly(_ keys: [String], in fields: [String: Any], at path: String) throws(Failure) {
        for key in fields.keys.sorted() where !keys.contains(key) {
            throw fail(
                path.isEmpty ? key : "\(path).\(key)",
                "unknown key; expected one of \(keys.joined(separator: ", "))"
            )
        }
    }

    /// A non-empty string; a bare integer (a numeric serial or id) is taken as its text.
    public func string(_ value: Any?, at path: String) throws(Failure) -> String {
        guard let value else { throw fail(path, "is missing") }
        if let number = value as? Int { return String(number) }
        guard let text = value as? String, !text.isEmpty else {
            throw fail(path, "must be a non-empty string, not \(describe(value))")
        }
        return text
    }

    public func integer(_ value: Any?, at path: String) throws(Failure) -> Int {
        guard let value else { throw fail(path, "is missing") }
        if let number = value as? Int { return number }
        throw fail(path, "must be an integer, not \(describe(value))")
    }

    /// A finite number (an integer is fine; `.nan` and `.inf` are not).
    public func number(_ value: Any?, at path: String) throws(Failure) -> Double {
        guard let value else { throw fail(path, "is missing") }
        if let number = value as? Int { return Double(number) }
        if let number = value as? Double, number.isFinite { return number }
        throw fail(path, "must be a number, not \(describe(value))")
    }

    public func bool(_ value: Any?, at path: String) throws(Failure) -> Bool {
        guard let value else { throw fail(path, "is missing") }
        if let flag = value as? Bool { return flag }
        throw fail(path, "must be true or false, not \(describe(value))")
    }

    /// How a value is named in an error message.
    public func describe(_ value: Any) -> String {
        switch value {
        case let text as String: "\"\(text)\""
        case is [Any]: "a list"
        case is [AnyHashable: Any]: "a mapping"
        default: "\(value)"
        }
    }
}
