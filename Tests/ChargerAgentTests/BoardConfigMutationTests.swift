import Foundation
import OCPPTestSupport
import Testing

@testable import ChargerAgent

/// The board-file parser over broken copies of every shipped board: each line left out, the file cut after
/// each line, and each value replaced by hostile YAML. Every copy either loads or is refused with an error
/// that names the file and says what is wrong; none crashes. (The YAML layer under it is fuzzed with libFuzzer:
/// Fuzz/run-target.sh board-yaml; the parser itself needs the whole daemon's modules, so it is swept here.)
@Suite struct BoardConfigMutationTests {
    /// Values a mistyped or hostile board file may carry where a value belongs.
    static let hostileValues = [
        "", "~", "-1", "1e309", ".nan", "[]", "{}", "*undefined", "'unterminated", "0x7fffffffffffffffff",
        "99999999999999999999999", "\"\\u0000\"", "!!binary AA==", "{<<: [1, 2]}", "[[[[[[[[[[x]]]]]]]]]]",
    ]

    static let boards = [
        "simulator", "template", "rpi4-sdm630-relay", "rpi5-modbus-tcp", "rpi-pilot-hat-pn532",
        "rpi4-evse-din-hid-lock",
    ]

    /// Loads `text` as a board named `file`: nil when it loads, the error otherwise; fails the test when an
    /// error does not name the file or the problem.
    static func outcome(_ text: String, file: String) -> BoardConfigError? {
        do {
            _ = try BoardConfig.parse(
                yaml: text,
                file: file,
                metersDirectory: TestRepository.path("BoardConfigs/meters")
            )
            return nil
        } catch {
            #expect(error.file == file, "\(error)")
            #expect(!error.problem.isEmpty, "\(error)")
            if let line = error.line {
                #expect(
                    line >= 1 && line <= text.split(separator: "\n", omittingEmptySubsequences: false).count + 1,
                    "\(error)"
                )
            }
            return error
        }
    }

    @Test(arguments: boards)
    func everyLineLeftOutAndEveryCutIsLoadedOrRefusedByName(_ board: String) throws {
        let text = try String(contentsOfFile: TestRepository.path("BoardConfigs/\(board).yaml"), encoding: .utf8)
        #expect(Self.outcome(text, file: "\(board).yaml") == nil, "the shipped board itself must load")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var refused = 0
        for index in lines.indices {
            var without = lines
            without.remove(at: index)
            if Self.outcome(without.joined(separator: "\n"), file: "\(board).yaml") != nil { refused += 1 }
            _ = Self.outcome(lines[...index].joined(separator: "\n"), file: "\(board).yaml")
        }
        // Leaving out a required key's line must be noticed somewhere.
        #expect(refused > 0)
    }

    @Test(arguments: boards)
    func everyValueReplacedByHostileYAMLIsLoadedOrRefusedByName(_ board: String) throws {
        let text = try String(contentsOfFile: TestRepository.path("BoardConfigs/\(board).yaml"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var replaced = 0
        for (index, line) in lines.enumerated() {
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard let colon = code.firstIndex(of: ":"), !code[code.index(after: colon)...].allSatisfy(\.isWhitespace)
            else { continue }
            for value in Self.hostileValues {
                var copy = lines
                copy[index] = String(code[...colon]) + " " + value
                _ = Self.outcome(copy.joined(separator: "\n"), file: "\(board).yaml")
                replaced += 1
            }
        }
        #expect(replaced > 0)
    }
}
