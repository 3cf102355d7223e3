import NIOCore
import NIOHTTP1

extension HTTPTransferClient {
    /// What a finished download did.
    public struct Download: Sendable, Equatable {
        /// The size of the file now at the destination.
        public var bytes: Int64
        /// Bytes kept from an earlier, interrupted attempt (0 when the download started from scratch).
        public var resumedFrom: Int64
        /// The URL the file finally came from (after redirects).
        public var url: String
    }

    /// Downloads `url` to `destination`, streamed to disk.
    ///
    /// The body goes to `<destination>.part` (its URL in `<destination>.part.url`), renamed to `destination`
    /// once complete. When a `.part` of the same URL is there (a dropped connection, a power cut), the
    /// download resumes after it with `Range: bytes=<size>-`; a server that answers 200 instead of 206 sends
    /// the whole file again and the part is started over. The `.part` is kept on failure, for the next
    /// attempt, and synced to disk so it survives a power cut.
    public func download(from url: String, to destination: String) async throws(HTTPTransferError) -> Download {
        do {
            return try await downloadFollowingRedirects(from: url, to: destination)
        } catch {
            throw Self.transferError(error)
        }
    }

    private func downloadFollowingRedirects(from url: String, to destination: String) async throws -> Download {
        let part = destination + ".part"
        let marker = part + ".url"
        if (try? readSmallFile(marker)) != url {
            LocalFile.remove(part)
            try writeSmallFile(marker, url)
        }
        var current = url
        for _ in 0...configuration.maxRedirects {
            let target = try TransferURL(current)
            let offset = LocalFile.size(part) ?? 0
            let outcome = try await attempt(target, part: part, offset: offset)
            switch outcome {
            case .complete(let bytes, let resumedFrom):
                try LocalFile.rename(part, destination)
                LocalFile.remove(marker)
                return Download(bytes: bytes, resumedFrom: resumedFrom, url: current)
            case .redirect(let location):
                current = try target.resolving(location)
            case .restart:
                LocalFile.remove(part)
            }
        }
        throw HTTPTransferError.badRedirect("more than \(configuration.maxRedirects) redirects from \(url)")
    }

    private enum Outcome: Sendable {
        case complete(bytes: Int64, resumedFrom: Int64)
        case redirect(String)
        /// The server could not continue the part (416, or a range that does not start where it ends).
        case restart
    }

    private func attempt(_ url: TransferURL, part: String, offset: Int64) async throws -> Outcome {
        var received: Int64 = 0
        var expected: Int64?
        let headers = offset > 0 ? [("Range", "bytes=\(offset)-")] : []
        do {
            return try await exchange(url, method: .GET, headers: headers) { head, inbound in
                let code = Int(head.status.code)
                if [301, 302, 303, 307, 308].contains(code) {
                    guard let location = head.headers.first(name: "Location") else {
                        throw HTTPTransferError.badRedirect("HTTP \(code) without a Location")
                    }
                    return .redirect(location)
                }
                if code == 416 && offset > 0 { return .restart }
                guard code == 200 || code == 206 else {
                    throw HTTPTransferError.httpStatus(code, head.status.reasonPhrase)
                }
                let resumed = code == 206 ? offset : 0
                if code == 206 {
                    // "bytes <start>-<end>/<total>": it must continue exactly where the part ends.
                    let range = head.headers.first(name: "Content-Range") ?? ""
                    let start = range.split(separator: " ").last?.split(separator: "-").first.flatMap { Int64($0) }
                    guard start == offset else { return .restart }
                }
                expected = head.headers.int64("Content-Length")
                let file = try LocalFile(appending: part, truncate: code == 200)
                defer { file.sync() }
                while let next = try await inbound.next() {
                    switch next {
                    case .body(let buffer):
                        try buffer.withUnsafeReadableBytes { try file.write($0) }
                        received += Int64(buffer.readableBytes)
                    case .end:
                        if let expected, received != expected {
                            throw HTTPTransferError.connectionDropped(received: received, expected: expected)
                        }
                        return .complete(bytes: resumed + received, resumedFrom: resumed)
                    case .head:
                        continue
                    }
                }
                throw HTTPTransferError.connectionDropped(received: received, expected: expected)
            }
        } catch {
            throw Self.transferError(error, received: received, expected: expected)
        }
    }

    private func readSmallFile(_ path: String) throws -> String {
        let file = try LocalFile(reading: path)
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = try bytes.withUnsafeMutableBytes { buffer in try file.read(into: buffer) }
        return String(decoding: bytes[0..<count], as: UTF8.self)
    }

    private func writeSmallFile(_ path: String, _ text: String) throws {
        let file = try LocalFile(appending: path, truncate: true)
        try Array(text.utf8).withUnsafeBytes { buffer in try file.write(buffer) }
        file.sync()
    }
}
