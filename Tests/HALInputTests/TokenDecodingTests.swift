import HAL
import Testing

@testable import HALInput

/// The pure parts under the reader: key events to lines, lines and UIDs to tokens, the repeat window.
struct TokenDecodingTests {
    func decode(_ events: [InputEvent]) -> [String] {
        var decoder = KeyboardWedgeDecoder()
        return events.compactMap { decoder.feed($0) }
    }

    @Test func digitsLettersAndShiftAreTypedOnAUSLayout() {
        #expect(decode(Keys.typing("0123456789abcdefXYZ")) == ["0123456789abcdefXYZ"])
    }

    @Test func keypadDigitsAndKeypadEnterCount() {
        // KP1 79, KP0 82, KP9 73
        let events = [InputEvent.press(79), .press(82), .press(73), .press(Keys.kpEnter)]
        #expect(decode(events) == ["109"])
    }

    @Test func releasesAndAutoRepeatsTypeNothing() {
        let events = [InputEvent.press(2), InputEvent(type: 1, code: 2, value: 2), .release(2), .press(Keys.enter)]
        #expect(decode(events) == ["1"])
    }

    @Test func eventsDroppedByTheKernelThrowTheHalfTypedLineAway() {
        let dropped = InputEvent(type: 0, code: 3, value: 0)  // EV_SYN / SYN_DROPPED
        let halfTyped: [InputEvent] = Array(Keys.typing("1234").prefix(18))  // "123", no Enter
        #expect(decode(halfTyped + [dropped] + Keys.typing("5678")) == ["5678"])
    }

    @Test func aRunawayLineIsNotSentShort() {
        let events = Keys.typing(String(repeating: "1", count: KeyboardWedgeDecoder.maxLineLength + 1))
        #expect(decode(events) == [])
        #expect(decode(events + Keys.typing("42")) == ["42"])
    }

    @Test func hexIsUpperCasedAndCanBeReversedByteWise() throws {
        #expect(try TokenFormat().token(fromTyped: " 04a3b2c1 ").id == "04A3B2C1")
        let reversed = TokenFormat(byteOrder: .reversed)
        #expect(try reversed.token(fromTyped: "04a3b2c1").id == "C1B2A304")
        #expect(try reversed.token(fromTyped: "abc").id == "BC0A")
        #expect(throws: TokenFormatError.notHex(length: 4)) { try TokenFormat().token(fromTyped: "12G4") }
        #expect(throws: TokenFormatError.empty) { try TokenFormat().token(fromTyped: "") }
    }

    @Test func decimalBecomesHexOfTheUIDsBytes() throws {
        let decimal = TokenFormat(encoding: .decimal)
        #expect(try decimal.token(fromTyped: "2712847316").id == "A1B2C3D4")
        #expect(try decimal.token(fromTyped: "1193046").id == "123456")
        #expect(try TokenFormat(encoding: .decimal, uidBytes: 4).token(fromTyped: "1193046").id == "00123456")
        // Readers that send the bytes least significant first: reversed restores the card's order.
        #expect(
            try TokenFormat(encoding: .decimal, byteOrder: .reversed).token(fromTyped: "3569595041").id == "A1B2C3D4"
        )
        // A 7-byte UID.
        #expect(try decimal.token(fromTyped: "1407379212272768").id == "05000102030480")
        #expect(throws: TokenFormatError.tooManyBytes(5, expected: 4)) {
            try TokenFormat(encoding: .decimal, uidBytes: 4).token(fromTyped: "4294967296")
        }
        #expect(throws: TokenFormatError.notDecimal(length: 3)) { try decimal.token(fromTyped: "12a") }
        #expect(throws: TokenFormatError.tooLarge(digits: 21)) {
            try decimal.token(fromTyped: "123456789012345678901")
        }
    }

    @Test func textIsSentAsTypedUpToTheOCPPLength() throws {
        let text = TokenFormat(type: .keyCode, encoding: .text)
        #expect(try text.token(fromTyped: "AbC-12") == PresentedToken(id: "AbC-12", type: .keyCode))
        #expect(throws: TokenFormatError.tooLong(37)) { try text.token(fromTyped: String(repeating: "a", count: 37)) }
    }

    @Test func uidBytesBecomeUpperCaseHexInEitherOrder() throws {
        #expect(try TokenFormat().token(fromUID: [0x04, 0xA3, 0x1B, 0x7C]).id == "04A31B7C")
        #expect(try TokenFormat(byteOrder: .reversed).token(fromUID: [0x04, 0xA3, 0x1B, 0x7C]).id == "7C1BA304")
        #expect(throws: TokenFormatError.empty) { try TokenFormat().token(fromUID: []) }
    }

    @Test func theRepeatWindowRunsFromTheLastReadingOfTheSameToken() {
        var filter = TokenRepeatFilter(window: .seconds(2))
        let card = PresentedToken(id: "AA", type: .iso14443)
        let other = PresentedToken(id: "BB", type: .iso14443)
        let readings: [(PresentedToken, Duration)] = [
            (card, .zero),
            (card, .milliseconds(1999)),
            (card, .milliseconds(3500)),  // still lying on the reader
            (card, .milliseconds(5500)),  // 2 s after the last reading
            (other, .milliseconds(5600)),
            (card, .milliseconds(5700)),  // another card came in between
        ]
        let admitted = readings.map { filter.admit($0.0, at: $0.1) }
        #expect(admitted == [true, false, false, true, true, true])
    }
}
