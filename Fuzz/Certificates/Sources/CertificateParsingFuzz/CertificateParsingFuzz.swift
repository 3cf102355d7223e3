// libFuzzer entry for certificates and CSRs as the CSMS sends them (PEM text or DER bytes, one or a chain).
//
// A thrown CertificateParseError (or a CSR decoding error) is the expected outcome for bad input; a crash, a
// sanitizer report or a failed invariant below is a finding.
import StationCertificates
import X509

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let chain = try? CertificateParsing.certificates(bytes) {
        precondition(!chain.isEmpty, "a parsed chain is never empty")
        // What the store writes must parse back to the same certificates.
        if let pem = try? CertificateParsing.pem(chain) {
            guard let again = try? CertificateParsing.certificates(pem: pem) else {
                preconditionFailure("re-encoded chain does not parse")
            }
            precondition(again == chain, "PEM round trip changed the chain")
        }
        for (index, certificate) in chain.enumerated() {
            let issuer = index + 1 < chain.count ? chain[index + 1] : certificate
            if let hash = try? CertificateHash(certificate, issuer: issuer) {
                precondition(hash.issuerNameHash.utf8.count == 64 && hash.issuerKeyHash.utf8.count == 64)
                precondition(hash.serialNumber == "0" || !hash.serialNumber.hasPrefix("0"))
                precondition(hash.matches(hash))
            }
            _ = try? CertificateChecks.checkRoot(certificate, at: certificate.notValidBefore)
        }
        _ = try? CertificateChecks.checkStationChain(
            chain,
            expectedKey: chain[0].publicKey,
            roots: [],
            at: chain[0].notValidBefore
        )
    }
    if let request = try? CertificateParsing.signingRequest(bytes) {
        _ = request.publicKey.isValidSignature(request.signature, for: request)
    }
    return 0
}
