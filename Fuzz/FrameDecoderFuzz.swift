// libFuzzer entry for the OCPP-J frame decoder.
//
// Fuzz/run.sh compiles this file in one module together with every source of the OCPP target, so the
// OCPP types are used directly (no `import OCPP`). Any crash, sanitizer report or failed invariant below
// is a finding; an `OCPPFrameError` for malformed input is the expected outcome, not a finding.

/// The OCPP-J limit on a CALLERROR description (the decoder's errors are sent back in one): 255
/// characters, counted as code points like the JSON schemas count them.
private let maximumDescriptionScalars = 255

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let fromBytes = decodeChecked(bytes)

    // Valid UTF-8 must decode the same way from a String as from raw bytes.
    if let text = String(validating: bytes, as: UTF8.self) {
        let fromText = Result { () throws(OCPPFrameError) in try OCPPFrame.decode(text) }
        switch (fromBytes, fromText) {
        case (.success(let a), .success(let b)):
            precondition(a == b, "decode(bytes:) and decode(_: String) disagree: \(a) vs \(b)")
        case (.failure(let a), .failure(let b)):
            precondition(a == b, "decode(bytes:) and decode(_: String) fail differently: \(a) vs \(b)")
        default:
            preconditionFailure("decode(bytes:) and decode(_: String) disagree: \(fromBytes) vs \(fromText)")
        }
    }

    guard case .success(let frame) = fromBytes else { return 0 }

    // Round trip: what we send must decode to the very frame we meant.
    let text = frame.encoded()
    let again: OCPPFrame
    do {
        again = try OCPPFrame.decode(text)
    } catch {
        preconditionFailure("re-encoded frame does not decode (\(error)): \(text)")
    }
    precondition(again == frame, "round trip changed the frame:\n  \(frame)\n  \(again)\n  via \(text)")

    // A CALL for a known action: the payload check must answer, with an error or without, never crash.
    if case .call(_, let actionName, let payload) = frame, let action = OCPPAction(rawValue: actionName) {
        _ = try? action.validateRequest(payload)
    }
    return 0
}

/// Decodes `bytes`, checking that a refusal is one that can be answered with a CALLERROR.
private func decodeChecked(_ bytes: [UInt8]) -> Result<OCPPFrame, OCPPFrameError> {
    do {
        return .success(try OCPPFrame.decode(bytes: bytes))
    } catch {
        if error.messageId.isEmpty {
            fatalError("OCPPFrameError without a message id: \(error)")
        }
        if error.description.unicodeScalars.count > maximumDescriptionScalars {
            fatalError("OCPPFrameError description has \(error.description.unicodeScalars.count) code points: \(error)")
        }
        return .failure(error)
    }
}
