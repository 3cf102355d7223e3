// libFuzzer entry for the YAML data files (board files, meter and controller maps, fleets).
//
// Fuzz/run-target.sh compiles this file in one module with every source of the YAMLFields target (libyaml's
// events composed into values, YAML 1.1 scalar resolution, the typed readers every loader uses) and links
// libyaml. The seeds are the repo's BoardConfigs/**/*.yaml. Each input is loaded as a top-level mapping and
// every value in it read with each typed reader, as the board, meter and fleet loaders read their keys. A
// YAMLFileError for bad input is the expected outcome; a crash, a sanitizer report or a failed invariant
// below is a finding.

/// A loader's reader, like `BoardParser`: errors name the file, the key and (for syntax) the line.
private struct FuzzReader: YAMLFieldReader {
    func fail(_ key: String, _ problem: String, line: Int?) -> YAMLFileError {
        YAMLFileError(file: "fuzz.yaml", key: key, line: line, problem: problem)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // Board files are read as text; bytes that are not UTF-8 are repaired the way String(decoding:) does.
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let reader = FuzzReader()
    let fields: [String: Any]
    do {
        fields = try reader.loadTopLevelMapping(text)
    } catch {
        check(error, text: true)
        return 0
    }
    // Aliases share values, so a small file can stand for a huge tree; the walk visits a bounded number of
    // nodes (the loaders read named keys, they never walk a whole tree). 2,000 covers every shipped board
    // whole (the largest, fleets/emart-jeju.yaml, has 293 nodes); 20,000 made an alias fan-out cost 20 ms.
    var budget = 2_000
    for key in fields.keys.sorted() where budget > 0 { walk(fields[key], at: key, reader, depth: 0, budget: &budget) }
    // A board loader refuses keys it does not know; the check must name one of them.
    do {
        try reader.allowOnly(["station", "csms"], in: fields, at: "")
    } catch {
        check(error, text: true)
        precondition(fields[error.key] != nil, "allowOnly named a key that is not there: \(error)")
    }
    return 0
}

/// Reads `value` with every typed reader and descends into mappings and lists.
private func walk(_ value: Any?, at path: String, _ reader: FuzzReader, depth: Int, budget: inout Int) {
    guard budget > 0 else { return }
    budget -= 1
    precondition(depth <= YAMLComposer.maximumDepth + 1, "a tree deeper than the composer allows at \(path)")
    _ = reader.describe(value as Any)
    do {
        let number = try reader.number(value, at: path)
        precondition(number.isFinite, "number() returned \(number) at \(path)")
    } catch {
        check(error)
    }
    do { _ = try reader.integer(value, at: path) } catch { check(error) }
    do { _ = try reader.bool(value, at: path) } catch { check(error) }
    do {
        let text = try reader.string(value, at: path)
        precondition(!text.isEmpty, "string() returned an empty string at \(path)")
    } catch {
        check(error)
    }
    if let list = value as? [Any] {
        for (index, item) in list.enumerated() where budget > 0 {
            walk(item, at: "\(path)[\(index)]", reader, depth: depth + 1, budget: &budget)
        }
    } else if value is [AnyHashable: Any] {
        do {
            let mapping = try reader.mapping(value, at: path)
            for key in mapping.keys.sorted() where budget > 0 {
                walk(mapping[key], at: "\(path).\(key)", reader, depth: depth + 1, budget: &budget)
            }
        } catch {
            check(error)
        }
    }
}

/// An error must say what is wrong, and a line it names must be a real one. Its text (which names the file) is
/// built only for the errors of the load and of `allowOnly`, not for each of the thousands of typed reads: made
/// for every read, those strings were most of an input's time under the sanitizers.
private func check(_ error: YAMLFileError, text: Bool = false) {
    precondition(!error.problem.isEmpty, "an error without a problem: \(error)")
    if let line = error.line { precondition(line >= 1, "an error on line \(line): \(error)") }
    precondition(error.file == "fuzz.yaml", "an error that does not name the file: \(error)")
    if text {
        precondition(error.description.hasPrefix("fuzz.yaml"), "an error text that does not name the file: \(error)")
    }
}
