// Key + CSR generation time on this machine (issue 15): what a SignCertificate costs the station before the
// request goes out, for each key type SecurityCtrlr.CertSigningKeyType offers.
//
// Usage: CSRGenerationBenchmark [--iterations N]   (default 50 for P-256, N/5 for RSA 2048)
// Prints one RESULT line per key type: RESULT <type> <n> <median ms> <p90 ms> <min ms> <max ms>.
import StationCertificates

var iterations = 50
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    if argument == "--iterations", let value = arguments.next().flatMap({ Int($0) }) { iterations = max(5, value) }
}

func milliseconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
}

let clock = ContinuousClock()
for type in StationKeyType.allCases {
    let count = type == .rsa2048 ? max(5, iterations / 5) : iterations
    var samples: [Double] = []
    var csrBytes = 0
    for _ in 0..<count {
        let start = clock.now
        let key = try StationKey.generate(type)
        let csr = try key.signingRequest(commonName: "CS-BENCH-0001", organization: "charger-agent")
        let pem = try key.pemForKeyFile()
        samples.append(milliseconds(clock.now - start))
        csrBytes = csr.utf8.count
        precondition(pem.utf8.count > 0)
    }
    samples.sort()
    let median = samples[samples.count / 2]
    let p90 = samples[min(samples.count - 1, samples.count * 9 / 10)]
    print(
        "RESULT \(type.rawValue) \(count) "
            + [median, p90, samples.first!, samples.last!].map { String(format3($0)) }.joined(separator: " ")
            + " csr-bytes=\(csrBytes)"
    )
}

func format3(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 1000
    return "\(scaled)"
}
