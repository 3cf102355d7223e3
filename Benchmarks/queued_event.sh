#!/usr/bin/env bash
# Codec work per queued TransactionEvent from the store to the wire, before and after issue 13 (the event
# is now validated once, stored as its final frame and sent as stored). Release build.
#
# Usage: Benchmarks/queued_event.sh [SECONDS]   (default 2 s per path)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
swift build -c release --package-path Benchmarks --product QueuedEventBenchmark
"$(swift build -c release --package-path Benchmarks --show-bin-path)/QueuedEventBenchmark" "${1:-2}"
