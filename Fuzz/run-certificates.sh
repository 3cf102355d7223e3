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

RUNS=200000
MAX_SECONDS=60
BUILD_ONLY=0
EXTRA=()
while [ $# -gt 0 ]; do
    case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --max-seconds) MAX_SECONDS="$2"; shift 2 ;;
    --build-only) BUILD_ONLY=1; shift ;;
    --) shift; EXTRA=("$@"); break ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Fuzz/run-certificates.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

PACKAGE=Fuzz/Certificates
mkdir -p Fuzz/out Fuzz/certificate-corpus-work
echo "fuzz: building CertificateParsingFuzz (release, fuzzer + address sanitizers)"
build_start=$SECONDS
# swift-crypto's BoringSSL is instrumented too, so coverage guides the fuzzer through swift-asn1, X509 and ours.
swift build -c release --package-path "$PACKAGE" --product CertificateParsingFuzz \
    --sanitize fuzzer --sanitize address
echo "fuzz: built in $((SECONDS - build_start))s"
BINARY="$(swift build -c release --package-path "$PACKAGE" --show-bin-path)/CertificateParsingFuzz"
[ "$BUILD_ONLY" -eq 1 ] && exit 0

LOG="$PACKAGE/.build/certificate-parsing.log"
echo "fuzz: running (at most $RUNS inputs, ${MAX_SECONDS}s); log in $LOG"
status=0
SWIFT_BACKTRACE=enable=no \
    "$BINARY" \
    -runs="$RUNS" \
    -max_total_time="$MAX_SECONDS" \
    -max_len=8192 \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -print_final_stats=1 \
    -artifact_prefix=Fuzz/out/ \
    "${EXTRA[@]}" \
    Fuzz/certificate-corpus-work Fuzz/certificate-corpus >"$LOG" 2>&1 || status=$?

if [ "$status" -ne 0 ]; then
    tail -n 60 "$LOG"
    echo "fuzz: FAILED (exit $status); artifacts:" >&2
    ls -1 Fuzz/out/ >&2 || true
    exit "$status"
fi
grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added)' "$LOG" || true
echo "fuzz: ok, no crash"
