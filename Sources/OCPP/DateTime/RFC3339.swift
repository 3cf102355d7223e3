#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// RFC 3339 date-times as OCPP uses them: decode any valid offset and fraction, encode UTC with at most
/// three fractional digits (OCPP 2.0.1 Part 4 §4.1.5; some CSMSs refuse more).
///
/// Written by hand instead of `ISO8601FormatStyle` so that both directions accept exactly RFC 3339 and cost
/// no allocation beyond the result.
public enum RFC3339 {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `T` and `Z` may be lower case. Returns nil otherwise.
    public static func date(from string: String) -> Date? {
        var bytes = Array(string.utf8)
        return bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
    }

    /// How many fractional digits `string(from:fraction:)` writes.
    public enum Fraction: Sendable, Hashable {
        /// Milliseconds when they are not zero: what OCPP messages carry.
        case millisecondsIfNonZero
        /// Always three digits, so lines of a log align.
        case milliseconds
        /// Whole seconds, the fraction cut off (not rounded): for reports people read.
        case none
    }

    /// Formats `date` in UTC, e.g. `2026-11-25T07:39:04.250Z`; by default the fraction is omitted when it
    /// is zero. Every timestamp this project writes goes through here, whatever its precision.
    public static func string(from date: Date, fraction: Fraction = .millisecondsIfNonZero) -> String {
        let seconds = date.timeIntervalSince1970
        let totalMilliseconds = fraction == .none ? seconds.rounded(.down) * 1000 : (seconds * 1000).rounded()
        return string(millisecondsSince1970: totalMilliseconds, fraction: fraction)
    }

    /// Formats a POSIX time split into whole seconds and milliseconds (a `timespec`, read without
    /// converting through a `Double`), in UTC.
    public static func string(secondsSince1970 seconds: Int64, milliseconds: Int64, fraction: Fraction) -> String {
        string(millisecondsSince1970: Double(seconds) * 1000 + Double(milliseconds), fraction: fraction)
    }

    private static func string(millisecondsSince1970 totalMilliseconds: Double, fraction: Fraction) -> String {
        // Years outside 0000...9999 cannot be written in RFC 3339; clamp instead of emitting garbage.
        guard totalMilliseconds.isFinite, totalMilliseconds < 253_402_300_800_000 else {
            return "9999-12-31T23:59:59.999Z"
        }
        guard totalMilliseconds >= -62_167_219_200_000 else { return "0000-01-01T00:00:00Z" }
        let ms = Int64(totalMilliseconds)
        var seconds = ms / 1000
        var millis = ms % 1000
        if millis < 0 {
            millis += 1000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        append(year, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        append(month, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        append(day, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        append(secondOfDay / 3600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        append(secondOfDay % 3600 / 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        append(secondOfDay % 60, width: 2, to: &out)
        if fraction == .milliseconds || (fraction == .millisecondsIfNonZero && millis != 0) {
            out.append(UInt8(ascii: "."))
            append(millis, width: 3, to: &out)
        }
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    private static func append(_ value: Int64, width: Int, to out: inout [UInt8]) {
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var v = value
        var i = width - 1
        while i >= 0 {
            digits[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            i -= 1
        }
        out.append(contentsOf: digits)
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        // Minimum: 2026-11-25T07:39:04Z (20 bytes).
        guard b.count >= 20, b.count <= 64 else { return nil }
        func digits(_ start: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for i in start..<start + count {
                let c = b[i]
                guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(c - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = digits(0, 4), b[4] == UInt8(ascii: "-"),
            let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
            let day = digits(8, 2),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
            let hour = digits(11, 2), b[13] == UInt8(ascii: ":"),
            let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
            let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if b[index] == UInt8(ascii: ".") {
            index += 1
            // Up to nine digits count (nanoseconds); more are read but cannot change a Date.
            var numerator: Int64 = 0
            var denominator: Int64 = 1
            let start = index
            while index < b.count, b[index] >= UInt8(ascii: "0"), b[index] <= UInt8(ascii: "9") {
                if denominator < 1_000_000_000 {
                    numerator = numerator * 10 + Int64(b[index] - UInt8(ascii: "0"))
                    denominator *= 10
                }
                index += 1
            }
            guard index > start else { return nil }
            fraction = Double(numerator) / Double(denominator)
        }
        guard index < b.count else { return nil }
        var offsetSeconds: Int64 = 0
        switch b[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = b[index] == UInt8(ascii: "-") ? -1 : 1
            guard b.count - index == 6, let oh = digits(index + 1, 2), b[index + 3] == UInt8(ascii: ":"),
                let om = digits(index + 4, 2), oh <= 23, om <= 59
            else { return nil }
            offsetSeconds = sign * (oh * 3600 + om * 60)
            index += 6
        default:
            return nil
        }
        guard index == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func isLeapYear(_ year: Int64) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (era-based arithmetic, valid for any year).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysFromCivil`.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
