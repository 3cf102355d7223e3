import NIOCore
import NIOHTTP1

extension HTTPTransferClient {
    /// How a file is sent.
    public enum UploadMethod: Sendable, Equatable {
        /// `PUT <url>` with the file as the body (`Content-Type: application/octet-stream`).
        case put
        /// `POST <url>` with `multipart/form-data`: one part named `field` carrying the file under its file
        /// name, the form an HTML file input sends and most CSMS log endpoints expect.
        case post(field: String)
    }

    /// Uploads the file at `path` to `url` as `fileName`, streamed from disk in 64 KiB chunks. Returns the
    /// HTTP status (2xx); any other status throws `.httpStatus`. 307/308 redirects are followed (the body is
    /// sent again); other redirects are an error, since they would turn the upload into a GET.
    @discardableResult
    public func upload(
        file path: String,
        to url: String,
        as fileName: String,
        method: UploadMethod = .put
    ) async throws(HTTPTransferError) -> Int {
        do {
            return try await uploadFollowingRedirects(file: path, to: url, as: fileName, method: method)
        } catch {
            throw Self.transferError(error)
        }
    }

    private func uploadFollowingRedirects(
        file path: String,
        to url: String,
        as fileName: String,
        method: UploadMethod
    ) async throws -> Int {
        guard let size = LocalFile.size(path) else { throw LocalFile.failure("stat", path) }
        var current = url
        for _ in 0...configuration.maxRedirects {
            let target = try TransferURL(current)
            let (prefix, suffix, contentType) = Self.framing(method, fileName: fileName)
            let headers = [
                ("Content-Type", contentType),
                ("Content-Length", String(Int64(prefix.count + suffix.count) + size)),
            ]
            let outcome: (Int, String, String?) = try await exchange(
                target,
                method: method == .put ? .PUT : .POST,
                headers: headers,
                send: { outbound in
                    if !prefix.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: prefix)))) }
                    try await Self.stream(path, to: outbound)
                    if !suffix.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: suffix)))) }
                },
                receive: { head, inbound in
                    while let part = try await inbound.next() { if case .end = part { break } }
                    return (Int(head.status.code), head.status.reasonPhrase, head.headers.first(name: "Location"))
                }
            )
            switch outcome {
            case (200..<300, _, _):
                return outcome.0
            case (307, _, let location?), (308, _, let location?):
                current = try target.resolving(location)
            case (let code, let reason, _):
                throw HTTPTransferError.httpStatus(code, reason)
            }
        }
        throw HTTPTransferError.badRedirect("more than \(configuration.maxRedirects) redirects from \(url)")
    }

    /// The bytes around the file and the Content-Type, per method.
    static func framing(_ method: UploadMethod, fileName: String) -> (prefix: [UInt8], suffix: [UInt8], String) {
        switch method {
        case .put:
            return ([], [], "application/octet-stream")
        case .post(let field):
            var generator = SystemRandomNumberGenerator()
            let boundary = "charger-agent-" + String(generator.next(), radix: 16) + String(generator.next(), radix: 16)
            let safeName = fileName.filter { $0 != "\"" && $0 != "\r" && $0 != "\n" }
            let prefix =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(safeName)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
            return (
                Array(prefix.utf8), Array("\r\n--\(boundary)--\r\n".utf8), "multipart/form-data; boundary=\(boundary)"
            )
        }
    }

    /// Writes the file to the request body in 64 KiB chunks; each write waits while the connection is full.
    static func stream(_ path: String, to outbound: Outbound) async throws {
        let file = try LocalFile(reading: path)
        var chunk = ByteBufferAllocator().buffer(capacity: 64 * 1024)
        while true {
            chunk.clear()
            let count = try chunk.writeWithUnsafeMutableBytes(minimumWritableBytes: 64 * 1024) { buffer in
                try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(64 * 1024)]))
            }
            if count == 0 { return }
            try await outbound.write(.body(.byteBuffer(chunk)))
        }
    }
}
