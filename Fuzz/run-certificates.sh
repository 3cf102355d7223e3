#!/usr/bin/env bash
# Fuzzes certificate and CSR parsing (StationCertificates) with libFuzzer (+ AddressSanitizer): what
# InstallCertificate and CertificateSigned carry from the CSMS, PEM or DER, single or chains.
#
# Usage: Fuzz/run-certificates.sh [--runs N] [--max-seconds S] [--build-only] [-- LIBFUZZER_ARGS...]
#   --runs N          stop after N inputs (default 200000)
#   --max-seconds S   stop after S seconds (default 60); whichever limit comes first ends the run
#   --build-only      only build the instrumented binary (Fuzz/Certificates/.build/release)
# Reproduce a finding: Fuzz/Certificates/.build/release/CertificateParsingFuzz Fuzz/out/crash-<hash>
#
# Seeds are in Fuzz/certificate-corpus/ (committed, made by openssl); new inputs go to
# Fuzz/certificate-corpus-work/ and crash artifacts to Fuzz/out/ (both git-ignored).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=Fuzz/lib/fuzz-common.sh
source Fuzz/lib/fuzz-common.sh
fuzz_parse_args Fuzz/run-certificates.sh '2,12p' "$@"

PACKAGE=Fuzz/Certificates
echo "fuzz certificates: building CertificateParsingFuzz (release, fuzzer + address sanitizers)"
build_start=$SECONDS
# swift-crypto's BoringSSL is instrumented too, so coverage guides the fuzzer through swift-asn1, X509 and ours.
swift build -c release --package-path "$PACKAGE" --product CertificateParsingFuzz \
    --sanitize fuzzer --sanitize address
echo "fuzz certificates: built in $((SECONDS - build_start))s"
BINARY="$(swift build -c release --package-path "$PACKAGE" --show-bin-path)/CertificateParsingFuzz"
[ "$BUILD_ONLY" -eq 1 ] && exit 0
fuzz_run certificates "$BINARY" "$PACKAGE/.build/certificate-parsing.log" 8192 Fuzz/out \
    Fuzz/certificate-corpus-work Fuzz/certificate-corpus
