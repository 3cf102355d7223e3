import Foundation
import OCPPTestSupport
import Testing

@testable import HTTPTransfer

/// Uploads against the real loopback server: PUT and multipart POST arrive intact, a refusal is specific.
@Suite struct HTTPTransferUploadTests {
    @Test func N01_putArrivesIntact() async throws {
        let fixture = try TransferFixture()
        defer { fixture.remove() }
        let sent = try fixture.serve("log.tar.gz", size: 700_000)
        let server = try await fixture.startServer()
        defer { server.kill() }
        let status = try await HTTPTransferClient().upload(
            file: fixture.root + "/log.tar.gz",
            to: "http://127.0.0.1:\(server.port)/upload/log.tar.gz",
            as: "log.tar.gz"
        )
        #expect(status == 201)
        let upload = try await server.waitForEvent("upload")
        #expect(upload["method"].string == "PUT")
        #expect(upload["bytes"].int == sent.count)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.uploads + "/log.tar.gz")) == sent)
    }

    @Test func N01_multipartPostArrivesIntactUnderItsFileName() async throws {
        let fixture = try TransferFixture()
        defer { fixture.remove() }
        let sent = try fixture.serve("log.tar.gz", size: 300_000)
        let server = try await fixture.startServer()
        defer { server.kill() }
        try await HTTPTransferClient().upload(
            file: fixture.root + "/log.tar.gz",
            to: "http://127.0.0.1:\(server.port)/upload/received.tar.gz",
            as: "CS-1-DiagnosticsLog-7.tar.gz",
            method: .post(field: "file")
        )
        let upload = try await server.waitForEvent("upload")
        #expect(upload["method"].string == "POST")
        #expect(upload["filename"].string == "CS-1-DiagnosticsLog-7.tar.gz")
        #expect(upload["content_type"].string?.hasPrefix("multipart/form-data; boundary=") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.uploads + "/received.tar.gz")) == sent)
    }

    @Test func N01_aRefusedPutIsPermissionDenied() async throws {
        let fixture = try TransferFixture()
        defer { fixture.remove() }
        try fixture.serve("log.tar.gz", size: 1000)
        let server = try await fixture.startServer()
        defer { server.kill() }
        do {
            try await HTTPTransferClient().upload(
                file: fixture.root + "/log.tar.gz",
                to: "http://127.0.0.1:\(server.port)/refuse/403/log.tar.gz",
                as: "log.tar.gz"
            )
            Issue.record("the server refuses with 403")
        } catch {
            #expect(error == .httpStatus(403, "Forbidden"))
            #expect(error.isPermissionDenied)
        }
    }
}
