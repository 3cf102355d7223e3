import NIOCore
import NIOSSL
import Testing

@testable import OCPPWebSocket

/// How a failed attempt is classified for the station (security events A04, password fallback A01); the
/// TLS classes against real servers are in Tests/Interop/daemon/test_link_profiles.py.
@Suite("Connection failure classes")
struct ConnectionFailureTests {
    @Test func aConnectTimeoutIsTimedOutOtherConnectErrorsAreUnreachable() {
        #expect(OCPPConnectionFailure.classifyConnect(ChannelError.connectTimeout(.seconds(3))) == .timedOut)
        #expect(OCPPConnectionFailure.classifyConnect(ChannelError.ioOnClosedChannel) == .unreachable)
    }

    @Test func A04_aHostNameMismatchIsAnInvalidServerCertificate() {
        #expect(
            OCPPConnectionFailure.classifyHandshake(NIOSSLExtraError.failedToValidateHostname)
                == .invalidServerCertificate
        )
    }

    @Test func anErrorOutsideTLSIsNotCalledATLSFailure() {
        #expect(OCPPConnectionFailure.classifyHandshake(ChannelError.eof) == .upgradeRefused(status: nil))
        #expect(OCPPConnectionFailure.classifyHandshake(NIOSSLError.uncleanShutdown) == .tlsHandshake)
    }

    @Test func theFixedPlannerAlwaysGivesItsConfigurationAndWaitsTheBackOff() async {
        let configuration = OCPPConnectionConfiguration(
            csmsURL: "ws://127.0.0.1:1/ocpp",
            stationId: "CS-1",
            securityProfile: .unsecured
        )
        let planner = FixedConnectionPlanner(configuration)
        #expect(await planner.configurationForNextAttempt() == configuration)
        let attempt = OCPPConnectionAttempt(
            configuration: configuration,
            connected: false,
            failure: .unreachable,
            reason: "refused"
        )
        #expect(await planner.attemptEnded(attempt) == .backOff)
    }
}
