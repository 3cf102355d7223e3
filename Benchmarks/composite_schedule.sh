#!/usr/bin/env bash
# The composite schedule (K08) of 10 stacked profiles x 24 periods over a day: µs per schedule (median and
# p90 of batches of 100), in A and in W. Release build.
#
# Usage: Benchmarks/composite_schedule.sh [SECONDS]   (default 2 s per unit)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
swift build -c release --package-path Benchmarks --product CompositeScheduleBenchmark
"$(swift build -c release --package-path Benchmarks --show-bin-path)/CompositeScheduleBenchmark" "${1:-2}"
