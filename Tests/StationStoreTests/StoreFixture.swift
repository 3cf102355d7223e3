import Foundation
import OCPP
import StationStore
import Testing

/// The stores every behavioural test runs against: the same cases, the same expectations.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case inMemory

    var testDescription: String { rawValue }

    /// A fresh, empty store of this kind; an SQLite one lives in its own temporary directory.
    func makeStore() throws -> StoreFixture {
        switch self {
        case .sqlite:
            let directory = try TemporaryDirectory()
            return StoreFixture(
                store: try SQLiteStationStore(path: directory.path("station.sqlite")),
                directory: directory
            )
        case .inMemory:
            return StoreFixture(store: InMemoryStationStore(), directory: nil)
        }
    }
}

/// A store and the directory that must outlive it.
struct StoreFixture {
    let store: any StationStore
    let directory: TemporaryDirectory?
}

/// A directory under the system temporary directory, removed when the last reference goes away.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("StationStoreTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Runs `body` and returns the store error it threw, or nil; any other error is a test failure.
func caught(_ body: () throws -> Void) -> StoreError? {
    do {
        try body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        Issue.record("expected a StoreError, got \(error)")
        return nil
    }
}

/// Values the tests write; dates are whole milliseconds so both stores read them back unchanged.
enum Sample {
    static let epoch = Date(timeIntervalSince1970: 1_750_000_000.125)

    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_750_000_000.125 + seconds) }

    static let token = IdTokenType(idToken: "04A2B3C4D5E6F7", type: .iso14443)

    static func key(_ n: Int, _ type: IdTokenEnumType = .iso14443) -> IdTokenKey {
        IdTokenKey(idToken: "TOKEN-\(n)", type: type)
    }

    static func info(
        _ status: AuthorizationStatusEnumType = .accepted,
        expiry: Date? = nil,
        language: String? = nil
    ) -> IdTokenInfoType {
        IdTokenInfoType(status: status, cacheExpiryDateTime: expiry, language1: language)
    }

    static func transaction(
        _ id: String = "6f1c1a52-8a55-4f7e-9d43-0c6c8e2b9f10",
        evse: Int = 1,
        connector: Int = 1,
        nextSeqNo: Int = 0
    ) -> TransactionRecord {
        TransactionRecord(
            transactionId: id,
            evseId: evse,
            connectorId: connector,
            nextSeqNo: nextSeqNo,
            startedAt: epoch,
            meterStartWh: 12_345.5,
            idToken: token,
            remoteStartId: 7,
            chargingState: "Charging"
        )
    }

    static func message(_ messageId: String, seqNo: Int = 0, at seconds: Double = 0) -> OutboundMessage {
        OutboundMessage(
            action: "TransactionEvent",
            messageId: messageId,
            payload: #"{"eventType":"Updated","seqNo":\#(seqNo)}"#,
            createdAt: date(seconds),
            offline: seqNo.isMultiple(of: 2) ? nil : true
        )
    }
}
