import CLinuxInput

/// One record of an event device: what `struct input_event` carries apart from its time.
public struct InputEvent: Sendable, Hashable {
    public var type: UInt16
    public var code: UInt16
    public var value: Int32

    public init(type: UInt16, code: UInt16, value: Int32) {
        self.type = type
        self.code = code
        self.value = value
    }

    /// A key going down (`EV_KEY`, value 1), as a keyboard-wedge reader types a character.
    public static func press(_ code: Int32) -> InputEvent {
        InputEvent(type: UInt16(EV_KEY), code: UInt16(code), value: 1)
    }

    /// A key coming up (`EV_KEY`, value 0).
    public static func release(_ code: Int32) -> InputEvent {
        InputEvent(type: UInt16(EV_KEY), code: UInt16(code), value: 0)
    }

    /// The end of one batch of changes (`EV_SYN`/`SYN_REPORT`).
    public static let report = InputEvent(type: UInt16(EV_SYN), code: UInt16(SYN_REPORT), value: 0)
}

/// Turns a keyboard-wedge reader's key events into the lines it types, one per card.
///
/// A USB HID RFID reader is a keyboard to the kernel: per card it presses the keys of the identifier and
/// then Enter. Only presses count (value 1; 0 is a release, 2 an auto-repeat a reader never sends); Shift
/// held makes letters upper case. Keys outside the reader's alphabet (digits, letters, keypad digits, '-')
/// are ignored. When the kernel dropped events (`SYN_DROPPED`, its buffer overflowed), the half-typed line
/// is thrown away rather than sent short.
public struct KeyboardWedgeDecoder: Sendable {
    /// The longest line kept; a reader never types more, so a stuck key cannot grow memory.
    public static let maxLineLength = 64

    private var line: [Character] = []
    private var leftShift = false
    private var rightShift = false
    private var overflowed = false

    public init() {}

    /// Feeds one event; returns the typed line when it was Enter.
    public mutating func feed(_ event: InputEvent) -> String? {
        if event.type == UInt16(EV_SYN), event.code == UInt16(SYN_DROPPED) {
            reset()
            return nil
        }
        guard event.type == UInt16(EV_KEY) else { return nil }
        let code = Int32(event.code)
        switch code {
        case KEY_LEFTSHIFT:
            leftShift = event.value != 0
            return nil
        case KEY_RIGHTSHIFT:
            rightShift = event.value != 0
            return nil
        default:
            break
        }
        guard event.value == 1 else { return nil }
        if code == KEY_ENTER || code == KEY_KPENTER {
            defer {
                line = []
                overflowed = false
            }
            return overflowed ? nil : String(line)
        }
        guard let character = Self.character(for: code, shifted: leftShift || rightShift) else { return nil }
        if line.count < Self.maxLineLength {
            line.append(character)
        } else {
            overflowed = true
        }
        return nil
    }

    /// Forgets a half-typed line and the Shift state (a new device, or events lost).
    public mutating func reset() {
        self = KeyboardWedgeDecoder()
    }

    /// The character a key types on a US layout, which is what readers emulate.
    static func character(for code: Int32, shifted: Bool) -> Character? {
        if let digit = digits[code] { return digit }
        if let letter = letters[code] { return shifted ? Character(letter.uppercased()) : letter }
        if code == KEY_MINUS || code == KEY_KPMINUS { return shifted && code == KEY_MINUS ? "_" : "-" }
        return nil
    }

    /// Keys 1-0 on the main block and on the keypad (readers set to "numeric keypad" use the latter).
    private static let digits: [Int32: Character] = [
        KEY_1: "1", KEY_2: "2", KEY_3: "3", KEY_4: "4", KEY_5: "5", KEY_6: "6", KEY_7: "7", KEY_8: "8", KEY_9: "9",
        KEY_0: "0", KEY_KP1: "1", KEY_KP2: "2", KEY_KP3: "3", KEY_KP4: "4", KEY_KP5: "5", KEY_KP6: "6",
        KEY_KP7: "7", KEY_KP8: "8", KEY_KP9: "9", KEY_KP0: "0",
    ]

    private static let letters: [Int32: Character] = [
        KEY_A: "a", KEY_B: "b", KEY_C: "c", KEY_D: "d", KEY_E: "e", KEY_F: "f", KEY_G: "g", KEY_H: "h", KEY_I: "i",
        KEY_J: "j", KEY_K: "k", KEY_L: "l", KEY_M: "m", KEY_N: "n", KEY_O: "o", KEY_P: "p", KEY_Q: "q", KEY_R: "r",
        KEY_S: "s", KEY_T: "t", KEY_U: "u", KEY_V: "v", KEY_W: "w", KEY_X: "x", KEY_Y: "y", KEY_Z: "z",
    ]
}
