import HAL
import HALSimulated
import Testing

@Suite("Simulated inputs, token reader, indicator and lock", .timeLimit(.minutes(1)))
struct SimulatedPeripheralsTests {
    @Test("the emergency-stop input emits its level, then each change, and nothing for a repeat")
    func emergencyStop() async throws {
        let input = SimulatedDigitalInput()
        var levels = input.levels.makeAsyncIterator()
        #expect(await levels.next() == false)
        input.set(true)
        input.set(true)
        input.set(false)
        #expect(await levels.next() == true)
        #expect(await levels.next() == false)
        #expect(try await input.level() == false)
    }

    @Test("a read failure is typed; a dropped stream unsubscribes")
    func inputFailureAndUnsubscribe() async throws {
        let input = SimulatedDigitalInput(level: true)
        input.injectReadFailure("line claimed")
        await #expect(throws: DigitalInputError.readFailure(reason: "line claimed")) { try await input.level() }
        input.injectReadFailure(nil)
        #expect(try await input.level())

        do {
            let stream = input.levels
            #expect(input.subscriberCount == 1)
            _ = stream
        }
        #expect(input.subscriberCount == 0)
    }

    @Test("the token reader delivers tokens in order, to every subscriber")
    func tokensInOrder() async throws {
        let reader = SimulatedTokenReader()
        var first = reader.tokens.makeAsyncIterator()
        var second = reader.tokens.makeAsyncIterator()
        reader.present(id: "04A1B2C3D4E5F6")
        reader.present(PresentedToken(id: "1234", type: .keyCode))
        reader.present(id: "E0040150", type: .iso15693)
        let expected = [
            PresentedToken(id: "04A1B2C3D4E5F6", type: .iso14443),
            PresentedToken(id: "1234", type: .keyCode),
            PresentedToken(id: "E0040150", type: .iso15693),
        ]
        for token in expected {
            #expect(await first.next() == token)
            #expect(await second.next() == token)
        }
    }

    @Test("token types carry the OCPP IdTokenEnumType strings")
    func tokenTypeStrings() {
        #expect(
            TokenType.allCases.map(\.rawValue) == [
                "ISO14443", "ISO15693", "KeyCode", "Local", "MacAddress", "Central", "eMAID", "NoAuthorization",
            ]
        )
    }

    @Test("the indicator records what it showed and rejects colours it does not have")
    func indicator() async throws {
        let light = SimulatedIndicator(supportedColors: [.red, .green])
        #expect(light.current == .off)
        try await light.show(IndicatorScheme.standard.signal(for: .available))
        try await light.show(IndicatorScheme.standard.signal(for: .faulted))
        await #expect(throws: IndicatorError.unsupportedSignal(IndicatorSignal(.blue, .pulse))) {
            try await light.show(IndicatorScheme.standard.signal(for: .charging))
        }
        #expect(light.history == [IndicatorSignal(.green), IndicatorSignal(.red, .fastBlink)])
        light.injectFailure("LED driver gone")
        await #expect(throws: IndicatorError.driveFailure(reason: "LED driver gone")) { try await light.show(.off) }
    }

    @Test(
        "the default scheme",
        arguments: [
            (IndicatorState.booting, false, IndicatorSignal(.white, .slowBlink)),
            (.available, false, IndicatorSignal(.green)),
            (.available, true, IndicatorSignal(.green, .pulse)),
            (.preparing, false, IndicatorSignal(.blue, .slowBlink)),
            (.charging, true, IndicatorSignal(.blue, .pulse)),
            (.suspended, false, IndicatorSignal(.blue)),
            (.finishing, false, IndicatorSignal(.green, .slowBlink)),
            (.reserved, false, IndicatorSignal(.yellow)),
            (.unavailable, false, IndicatorSignal(.red)),
            (.faulted, true, IndicatorSignal(.red, .fastBlink)),
        ]
    )
    func defaultScheme(state: IndicatorState, offline: Bool, signal: IndicatorSignal) {
        #expect(IndicatorScheme.standard.signal(for: state, offline: offline) == signal)
    }

    @Test("the connector lock locks and unlocks with feedback; a stuck pin is typed")
    func connectorLock() async throws {
        let lock = SimulatedConnectorLock()
        try await lock.lock()
        #expect(try await lock.feedback() == .locked)
        try await lock.unlock()
        #expect(try await lock.feedback() == .unlocked)
        try await lock.lock()
        lock.injectFault(.stuckLocked)
        await #expect(throws: ConnectorLockError.failedToUnlock) { try await lock.unlock() }
        #expect(lock.position == .locked)
        lock.clearFault()
        try await lock.unlock()
        lock.injectFault(.stuckUnlocked)
        await #expect(throws: ConnectorLockError.failedToLock) { try await lock.lock() }
    }
}
