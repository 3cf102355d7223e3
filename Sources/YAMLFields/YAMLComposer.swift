import CYAML

/// Why a text could not be turned into a value tree: the key path (empty for the whole file), what is wrong
/// and the 1-based line when it is known.
struct YAMLLoadProblem: Error {
    var key: String
    var problem: String
    var line: Int?
}

/// Builds Swift values from libyaml's event stream, in the shapes our data-file readers take: a mapping is a
/// `[AnyHashable: Any]` keyed by the keys' text, a sequence an `[Any]`, a scalar a `String`, `Int`, `Double`,
/// `Bool` or `YAMLNull` (YAML 1.1 resolution, see `YAMLScalar`).
///
/// libyaml only parses; composing the tree (anchors, duplicate keys, the single document) is ours. Mapping keys
/// are always their text, as Yams had them (`1: x` and `on: x` are the keys "1" and "on"): a board file's keys
/// are names, and YAML 1.1 would turn `on` or `no` into a boolean key that no reader asks for.
struct YAMLComposer: ~Copyable {
    /// Nesting deeper than this is refused rather than risking the stack on a hostile or broken file.
    static let maximumDepth = 256

    /// A composed node: its value, and its text when it is a scalar (what it means as a mapping key).
    private struct Node {
        var value: Any
        var text: String?
    }

    private struct Mark {
        var line: Int
        var column: Int

        init(_ mark: yaml_mark_t) {
            line = Int(mark.line) + 1
            column = Int(mark.column) + 1
        }
    }

    private enum Event {
        case streamStart
        case streamEnd
        case documentStart(Mark)
        case documentEnd
        case alias(anchor: String, Mark)
        case scalar(Scalar, anchor: String?, Mark)
        case sequenceStart(anchor: String?, Mark)
        case sequenceEnd
        case mappingStart(anchor: String?, Mark)
        case mappingEnd
    }

    private struct Scalar {
        var text: String
        var tag: String?
        /// A plain (unquoted, untagged) scalar: the only kind whose type is guessed from its text.
        var isPlain: Bool
    }

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    /// The text's length in bytes (`input` has room for at least one, even for an empty text).
    private let inputCount: Int
    private var anchors: [String: Node] = [:]
    /// Where the composer is, as keys and list indexes; made into text only for an error (a path string per
    /// node was most of the cost of loading a file).
    private var path: [PathComponent] = []

    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    /// Parses `text`, which must hold at most one document; `nil` when it holds none (empty or only comments).
    static func load(_ text: String) throws(YAMLLoadProblem) -> Any? {
        var composer = try YAMLComposer(text)
        return try composer.document()
    }

    private init(_ text: String) throws(YAMLLoadProblem) {
        // libyaml reads from the pointer for the whole parse, so it gets a copy that lives as long as we do.
        // Both are set only once libyaml is ready, so `deinit` never meets a half-made composer.
        let bytes = Array(text.utf8)
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        guard yaml_parser_initialize(parser) == 1 else {
            parser.deallocate()
            throw YAMLLoadProblem(key: "", problem: "is not valid YAML (libyaml could not start: out of memory)")
        }
        let input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(fromContentsOf: bytes)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
        self.parser = parser
        self.input = input
        self.inputCount = bytes.count
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    // MARK: - Documents and nodes

    private mutating func document() throws(YAMLLoadProblem) -> Any? {
        guard case .streamStart = try next() else { throw unexpected("the start of the stream") }
        switch try next() {
        case .streamEnd:
            return nil
        case .documentStart:
            break
        default:
            throw unexpected("a document")
        }
        let root = try node(try next(), depth: 0)
        guard case .documentEnd = try next() else { throw unexpected("the end of the document") }
        switch try next() {
        case .streamEnd:
            return root.value
        case .documentStart(let mark):
            throw syntax("expected a single document but found another document", at: mark)
        default:
            throw unexpected("the end of the stream")
        }
    }

    private mutating func node(_ event: Event, depth: Int) throws(YAMLLoadProblem) -> Node {
        switch event {
        case .alias(let anchor, let mark):
            guard let node = anchors[anchor] else { throw syntax("found undefined alias \"\(anchor)\"", at: mark) }
            return node
        case .scalar(let scalar, let anchor, let mark):
            let node = Node(value: try value(of: scalar, at: mark), text: scalar.text)
            if let anchor { anchors[anchor] = node }
            return node
        case .sequenceStart(let anchor, let mark):
            guard depth < Self.maximumDepth else { throw tooDeep(at: mark) }
            var items: [Any] = []
            while true {
                let event = try next()
                if case .sequenceEnd = event { break }
                path.append(.index(items.count))
                items.append(try node(event, depth: depth + 1).value)
                path.removeLast()
            }
            let node = Node(value: items, text: nil)
            if let anchor { anchors[anchor] = node }
            return node
        case .mappingStart(let anchor, let mark):
            guard depth < Self.maximumDepth else { throw tooDeep(at: mark) }
            let node = Node(value: try mapping(depth: depth), text: nil)
            if let anchor { anchors[anchor] = node }
            return node
        default:
            throw unexpected("a value")
        }
    }

    /// The pairs up to the mapping's end; a key given twice is refused, `<<` merges other mappings in.
    private mutating func mapping(depth: Int) throws(YAMLLoadProblem) -> [AnyHashable: Any] {
        var result: [AnyHashable: Any] = [:]
        var keyLines: [String: Int] = [:]
        var merged: [[AnyHashable: Any]] = []
        while true {
            let keyEvent = try next()
            if case .mappingEnd = keyEvent { break }
            let keyMark = Self.mark(of: keyEvent)
            let key = try node(keyEvent, depth: depth + 1)
            guard let name = key.text else {
                throw YAMLLoadProblem(
                    key: pathText(),
                    problem: "has a key that is not a string but \(key.value is [Any] ? "a list" : "a mapping")",
                    line: keyMark?.line
                )
            }
            path.append(.key(name))
            defer { path.removeLast() }
            if let first = keyLines[name] {
                throw YAMLLoadProblem(
                    key: pathText(),
                    problem: "is given twice in one mapping (first on line \(first))",
                    line: keyMark?.line
                )
            }
            keyLines[name] = keyMark?.line ?? 0
            let valueEvent = try next()
            let valueMark = Self.mark(of: valueEvent)
            let value = try node(valueEvent, depth: depth + 1).value
            if Self.isMergeKey(keyEvent) {
                // YAML 1.1 merge keys: `<<: *base` or `<<: [*a, *b]`; the first source to name a key wins.
                if let source = value as? [AnyHashable: Any] {
                    merged.append(source)
                } else if let sources = value as? [Any], sources.allSatisfy({ $0 is [AnyHashable: Any] }) {
                    merged += sources.compactMap { $0 as? [AnyHashable: Any] }
                } else {
                    throw YAMLLoadProblem(
                        key: pathText(),
                        problem: "must be a mapping or a list of mappings to merge",
                        line: valueMark?.line
                    )
                }
            } else {
                result[name] = value
            }
        }
        // The mapping's own keys override merged ones.
        for source in merged {
            for (key, value) in source where result[key] == nil { result[key] = value }
        }
        return result
    }

    private func value(of scalar: Scalar, at mark: Mark) throws(YAMLLoadProblem) -> Any {
        if scalar.isPlain { return YAMLScalar.resolve(scalar.text) }
        guard let tag = scalar.tag else { return scalar.text }
        do {
            return try YAMLScalar.construct(scalar.text, tag: tag)
        } catch {
            throw YAMLLoadProblem(key: pathText(), problem: error.problem, line: mark.line)
        }
    }

    /// The key path an error names, e.g. `evses[0].meter.model` (empty at the top).
    private func pathText() -> String {
        var text = ""
        for component in path {
            switch component {
            case .key(let name): text += text.isEmpty ? name : ".\(name)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    private static func isMergeKey(_ event: Event) -> Bool {
        guard case .scalar(let scalar, _, _) = event else { return false }
        return scalar.isPlain && scalar.text == "<<"
    }

    private static func mark(of event: Event) -> Mark? {
        switch event {
        case .documentStart(let mark), .alias(_, let mark), .scalar(_, _, let mark), .sequenceStart(_, let mark),
            .mappingStart(_, let mark):
            mark
        default:
            nil
        }
    }

    // MARK: - Events

    /// The next event, copied out of libyaml's and freed at once (on every path, including a parse error).
    private mutating func next() throws(YAMLLoadProblem) -> Event {
        var event = yaml_event_t()
        defer { yaml_event_delete(&event) }
        guard yaml_parser_parse(parser, &event) == 1 else { throw parserProblem() }
        let mark = Mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_STREAM_END_EVENT:
            return .streamEnd
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: Self.string(event.data.alias.anchor) ?? "", mark)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text =
                data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) }
                ?? ""
            let scalar = Scalar(
                text: text,
                tag: Self.string(data.tag),
                isPlain: data.tag == nil && data.plain_implicit == 1
            )
            return .scalar(scalar, anchor: Self.string(data.anchor), mark)
        case YAML_SEQUENCE_START_EVENT:
            return .sequenceStart(anchor: Self.string(event.data.sequence_start.anchor), mark)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            return .mappingStart(anchor: Self.string(event.data.mapping_start.anchor), mark)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            throw YAMLLoadProblem(key: "", problem: "is not valid YAML (libyaml returned no event)")
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    // MARK: - Errors

    /// libyaml's own message and position; its marks are 0-based, ours 1-based.
    private func parserProblem() -> YAMLLoadProblem {
        let parser = parser.pointee
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return YAMLLoadProblem(key: "", problem: "is not valid YAML (out of memory)")
        case YAML_READER_ERROR:
            // The reader reports a byte offset, not a mark.
            let offset = min(parser.problem_offset, inputCount)
            let before = UnsafeBufferPointer(rebasing: input[..<offset])
            let line = before.count(where: { $0 == UInt8(ascii: "\n") }) + 1
            let lineStart = (before.lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
            let column = String(decoding: before[lineStart...], as: UTF8.self).unicodeScalars.count + 1
            return YAMLLoadProblem(key: "", problem: "is not valid YAML: \(problem) (column \(column))", line: line)
        default:
            return syntax(problem, at: Mark(parser.problem_mark))
        }
    }

    private func syntax(_ problem: String, at mark: Mark) -> YAMLLoadProblem {
        YAMLLoadProblem(key: "", problem: "is not valid YAML: \(problem) (column \(mark.column))", line: mark.line)
    }

    /// Named by line only: the key path down there would be hundreds of `[0]`s long.
    private func tooDeep(at mark: Mark) -> YAMLLoadProblem {
        YAMLLoadProblem(key: "", problem: "nests deeper than \(Self.maximumDepth) levels", line: mark.line)
    }

    /// An event libyaml should never produce where it did; a parse that gets here is a bug in this composer.
    private func unexpected(_ expected: String) -> YAMLLoadProblem {
        YAMLLoadProblem(key: "", problem: "is not valid YAML (expected \(expected) in libyaml's event stream)")
    }
}
