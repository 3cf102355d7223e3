import Foundation
import OCPP
import Testing

@Suite struct RFC3339Tests {
    static let reference = Date(timeIntervalSince1970: 1_764_056_344)  // 2025-11-25T07:39:04Z

    @Test(arguments: [
        ("2025-11-25T07:39:04Z", 0.0),
        ("2025-11-25t07:39:04z", 0.0),
        ("2025-11-25T08:39:04+01:00", 0.0),
        ("2025-11-24T21:39:04-10:00", 0.0),
        ("2025-11-25T07:39:04.5Z", 0.5),
        ("2025-11-25T07:39:04.250+00:00", 0.25),
        ("2025-11-25T07:39:04.123456789Z", 0.123456789),
    ])
    func decodesAnyValidOffsetAndFraction(text: String, fraction: Double) throws {
        let date = try #require(RFC3339.date(from: text))
        #expect(abs(date.timeIntervalSince1970 - (Self.reference.timeIntervalSince1970 + fraction)) < 1e-6)
    }

    @Test(arguments: [
        "2025-11-25 07:39:04Z", "2025-11-25T07:39:04", "2025-02-29T00:00:00Z", "2025-13-01T00:00:00Z",
        "2025-11-25T24:00:00Z", "2025-11-25T07:39:04.Z", "2025-11-25T07:39:04+0100", "25-11-25T07:39:04Z",
        "2025-11-25T07:39:04Zjunk", "",
    ])
    func refusesWhatIsNotRFC3339(text: String) {
        #expect(RFC3339.date(from: text) == nil)
    }

    @Test func acceptsLeapDayInLeapYears() {
        #expect(RFC3339.date(from: "2024-02-29T12:00:00Z") != nil)
        #expect(RFC3339.date(from: "2000-02-29T12:00:00Z") != nil)
        #expect(RFC3339.date(from: "1900-02-29T12:00:00Z") == nil)
    }

    @Test func encodesUTCWithAtMostThreeFractionalDigits() {
        #expect(RFC3339.string(from: Self.reference) == "2025-11-25T07:39:04Z")
        #expect(RFC3339.string(from: Self.reference.addingTimeInterval(0.25)) == "2025-11-25T07:39:04.250Z")
        #expect(RFC3339.string(from: Self.reference.addingTimeInterval(0.123456)) == "2025-11-25T07:39:04.123Z")
        #expect(RFC3339.string(from: Self.reference.addingTimeInterval(0.9996)) == "2025-11-25T07:39:05Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test func agreesWithFoundationOverManyDates() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var seconds: Int64 = -2_208_988_800  // 1900
        while seconds < 4_102_444_800 {  // 2100
            let date = Date(timeIntervalSince1970: Double(seconds))
            let ours = RFC3339.string(from: date)
            #expect(ours == formatter.string(from: date))
            #expect(RFC3339.date(from: ours) == date)
            seconds += 7_777_777
        }
    }
}
