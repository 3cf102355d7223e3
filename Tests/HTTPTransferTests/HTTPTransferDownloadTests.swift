import Foundation
import OCPPTestSupport
import Testing

@testable import HTTPTransfer

/// Downloads against a real HTTP(S) server on loopback (Tests/Peers/http_transfer_peer.py): the body goes
/// to a file, resumes with Range after a drop, follows redirects, and fails with a specific error.
@Suite struct HTTPTransferDownloadTests {
    @Test func L01_downloadStreamsTheFileToDisk() async throws {
        let fixture = try TransferFixture()
        defer { fixture.remove() }
        let served = try fixture.serve("fw.bin", size: 3_000_000)
        let server = try await fixture.startServer()
        defer { server.kill() }
        let destination = fixture.downloads + "/fw.bin"
        let result = try await HTTPTransferClient().download(
            from: "http://127.0.0.1:\(server.port)/files/fw.bin",
            to: destination
        )
        #expect(result.bytes == Int64(served.count))
        #expect(result.resumedFrom == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: destination)) == served)
        #expect(!FileManager.default.fileExists(atPath: destination + ".part"), "the part is renamed, not left")
    }

    @Test func L01_404IsASpecificError() async throws {
        let fixture = try TransferFixture()
        defer { fixture.remove() }
        let server = try await fixture.startServer()
        defer { server.kill() }
        await #expect(throws: HTTPTransferError.httpStatus(404, "Not Found")) {
            try await HTTPTransferClient().download(
                from: "http://127.0.0.1:\(server.port)/files/missing.bin",
                to: fixture.downloads + "/missing.bin"
            )
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.downloads + "/missing.bin"))
    }

    @Test func L01_serverDroppingMidBodyIsReportedAndThePartResumesWithRange() async throws {
        let fixture = try TransferFixture()
        defer { fixture.remove() }
        let served = try fixture.serve("fw.bin", size: 1_000_000)
        let server = try await fixture.startServer()
        defer { server.kill() }
        let url = "http://127.0.0.1:\(server.port)/flaky/300000/fw.bin"
        let destination = fixture.downloads + "/fw.bin"
        let client = HTTPTransferClient()
        do {
            _ = try await client.download(from: url, to: destination)
            Issue.record("the first attempt must fail: the server closes after 300000 bytes")
        } catch {
            #expect(error == .connectionDropped(received: 300_000, expected: 1_000_000))
        }
        let part = try Data(contentsOf: URL(fileURLWithPath: destination + ".part"))
        #expect(part == served.prefix(300_000), "what came is kept for the resume")

        let result = try await client.download(from: url, to: destination)
        #expect(result.resumedFrom == 300_000)
        #expect(result.bytes == 1_000_000)
        #expect(try Data(contentsOf: URL(fileURLWithPath: destination)) == served)
        let ranges = server.events("request").compactMap { $0["range"].string }
        #expect(ranges == ["bytes=300000-"], "the second request asked only for the rest")
    }

    @Test func L01_aServerWithoutRangesSendsTheWholeFileAgain() async throws {
        let fixture = try TransferFixture()
        defer { fixture.remove() }
        let served = try fixture.serve("fw.bin", size: 500_000)
        let server = try await fixture.startServer(["--no-range"])
        defer { server.kill() }
        let url = "http://127.0.0.1:\(server.port)/flaky/100000/fw.bin"
        let destination = fixture.downloads + "/fw.bin"
        let client = HTTPTransferClient()
        _ = try? await client.download(from: url, to: destination)
        let result = try await client.download(from: url, to: destination)
        #expect(result.resumedFrom == 0, "200 instead of 206: the part is started over")
        #expect(try Data(contentsOf: URL(fileURLWithPath: destination)) == served)
    }

    @Test func redirectsAreFollowed() async throws {
        let fixture = try TransferFixture()
        defer { fixture.remove() }
        let served = try fixture.serve("fw.bin", size: 10_000)
        let server = try await fixture.startServer()
        defer { server.kill() }
        let result = try await HTTPTransferClient().download(
            from: "http://127.0.0.1:\(server.port)/redirect/fw.bin",
            to: fixture.downloads + "/fw.bin"
        )
        #expect(result.url == "http://127.0.0.1:\(server.port)/files/fw.bin")
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.downloads + "/fw.bin")) == served)
    }

    @Test func aStalledServerTimesOut() async throws {
        let fixture = try TransferFixture()
        defer { fixture.remove() }
        let server = try await fixture.startServer()
        defer { server.kill() }
        var configuration = HTTPTransferClient.Configuration()
        configuration.idleTimeout = .milliseconds(500)
        await #expect(throws: HTTPTransferError.timedOut) {
            try await HTTPTransferClient(configuration: configuration).download(
                from: "http://127.0.0.1:\(server.port)/stall/fw.bin",
                to: fixture.downloads + "/fw.bin"
            )
        }
    }

    @Test func refusedConnectionAndBadURLsAreSpecific() async throws {
        let fixture = try TransferFixture()
        defer { fixture.remove() }
        let client = HTTPTransferClient()
        await #expect(throws: HTTPTransferError.unsupportedScheme("ftp")) {
            try await client.download(from: "ftp://127.0.0.1/fw.bin", to: fixture.downloads + "/a")
        }
        await #expect(throws: HTTPTransferError.badURL("no-scheme")) {
            try await client.download(from: "no-scheme", to: fixture.downloads + "/a")
        }
        do {
            // Port 1 on loopback: nothing listens there.
            _ = try await client.download(from: "http://127.0.0.1:1/fw.bin", to: fixture.downloads + "/a")
            Issue.record("connect must fail")
        } catch {
            guard case .connectFailed = error else {
                Issue.record("expected connectFailed, got \(error)")
                return
            }
        }
    }

    @Test func httpsTrustsTheInstalledRootAndRefusesAnUnknownOne() async throws {
        let fixture = try TransferFixture()
        defer { fixture.remove() }
        let served = try fixture.serve("fw.bin", size: 200_000)
        let pki = fixture.base + "/pki"
        try #require(await TransferFixture.run(["sh", TestRepository.path("Tests/Peers/make_certs.sh"), pki]) == 0)
        let server = try await fixture.startServer(["--tls", pki + "/server.pem", pki + "/server.key"])
        defer { server.kill() }
        let url = "https://127.0.0.1:\(server.port)/files/fw.bin"
        let trusted = HTTPTransferClient(configuration: .init(additionalTrustRootFiles: [pki + "/ca.pem"]))
        _ = try await trusted.download(from: url, to: fixture.downloads + "/fw.bin")
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.downloads + "/fw.bin")) == served)

        let untrusted = HTTPTransferClient(configuration: .init(additionalTrustRootFiles: [pki + "/rogue-ca.pem"]))
        do {
            _ = try await untrusted.download(from: url, to: fixture.downloads + "/other.bin")
            Issue.record("a server certificate from an unknown CA must be refused")
        } catch {
            guard case .tls = error else {
                Issue.record("expected a TLS error, got \(error)")
                return
            }
        }
    }
}
