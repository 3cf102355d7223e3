import Foundation
import LocalFiles
import Testing

/// The daemon's POSIX file calls, on a real temporary directory (no stand-in needed: the calls are the real ones).
@Suite final class LocalFilesTests {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("local-files-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    @Test func readsATextFileWhole() throws {
        let path = root + "/board.yaml"
        let text = String(repeating: "station: Zählerschrank-1\n", count: 2_000)  // > one 16 KiB read
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try LocalFiles.readText(path) == text)
    }

    @Test func aMissingFileNamesTheCallThePathAndTheReason() {
        let path = root + "/missing.yaml"
        #expect(throws: LocalFileError("open", path, ENOENT)) { try LocalFiles.readText(path) }
        #expect(LocalFileError("open", path, ENOENT).description == "open \(path): No such file or directory")
    }

    @Test func createsNestedDirectoriesAndAcceptsExistingOnes() throws {
        let nested = root + "/var/lib/chargerd"
        try LocalFiles.createDirectories(nested)
        #expect(LocalFiles.isDirectory(nested))
        #expect(LocalFiles.isWritableDirectory(nested))
        try LocalFiles.createDirectories(nested)  // again: fine
    }

    @Test func aFileInTheWayIsAnErrorNotADirectory() throws {
        let file = root + "/state"
        try "x".write(toFile: file, atomically: false, encoding: .utf8)
        #expect(LocalFiles.exists(file))
        #expect(!LocalFiles.isDirectory(file))
        #expect(!LocalFiles.isWritableDirectory(file))
        #expect(throws: LocalFileError("mkdir", file, EEXIST)) { try LocalFiles.createDirectories(file) }
        // Below it: the error names the file in the way, not the directory asked for.
        #expect(throws: LocalFileError("mkdir", file, EEXIST)) { try LocalFiles.createDirectories(file + "/db") }
    }

    @Test func listsADirectorySortedWithoutDotEntries() throws {
        for name in ["sdm630.yaml", "abb-b23.yaml", ".hidden"] {
            try "".write(toFile: root + "/" + name, atomically: false, encoding: .utf8)
        }
        #expect(LocalFiles.names(inDirectory: root) == [".hidden", "abb-b23.yaml", "sdm630.yaml"])
        #expect(LocalFiles.names(inDirectory: root + "/none").isEmpty)
    }
}
