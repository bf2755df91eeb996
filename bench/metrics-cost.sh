#!/usr/bin/env bash
# Cost of Kamon metrics, Pekko instrumentation and the live dashboard on events/s (issue #6):
# two warm JVMs, everything off and everything on, take turns at rounds of the scenario.
# Usage: bench/metrics-cost.sh [scenario] [pairs] [warm-up rounds per JVM]
# Where perf may count system-wide (root), each round also reports instructions and cycles per event.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scenario="${1:-bench/results/chain-1000-1s.yaml}"
mvn -o -q -B -pl deploy,bench -am package -DskipTests
exec java -cp deploy/target/qbone.jar:bench/target/classes io.qbone.bench.MetricsCostPairs \
  "$scenario" --pairs "${2:-12}" --warm-up "${3:-6}" $(perf stat -a -e instructions true &>/dev/null && echo --perf)
