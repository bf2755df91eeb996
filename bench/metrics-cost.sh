#!/usr/bin/env bash
# Cost of Kamon metrics, Pekko instrumentation and the live dashboard on events/s (issue #6):
# two warm JVMs, everything off and everything on (the default of `qbone run`), take turns at
# rounds of the scenario; the per-pair change is the estimate (docs/performance.md).
# Usage: bench/metrics-cost.sh [scenario] [pairs] [warm-up rounds per JVM] [MetricsCostPairs options]
# e.g. --perf to count instructions and cycles per event and thread (Linux perf; note that
# per-thread counting makes context switches dearer in a VM and so slows the "on" JVM more).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scenario="${1:-bench/results/chain-1000-1s.yaml}"
pairs="${2:-40}"
warm_up="${3:-4}"
shift $(( $# < 3 ? $# : 3 ))
mvn -o -q -B -pl deploy,bench -am package -DskipTests
exec java -cp deploy/target/qbone.jar:bench/target/classes io.qbone.bench.MetricsCostPairs \
  "$scenario" --pairs "$pairs" --warm-up "$warm_up" "$@"
