#!/usr/bin/env bash
# Placement partition (issue #19): wall time, cut links and balance of LpGraph.partition on
# chains, square grids and Waxman graphs (mean degree ~4) of each size over each member count.
# Appends to bench/results/partition.csv; paste the numbers into docs/performance.md.
# Usage: bench/partition.sh [sizes, default 10000,1000000] [members, default 2,4,8]
# Env:   JAVA_OPTS (default -XX:+UseParallelGC -Xmx8g)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -o -q -B -pl deploy,bench -am package -DskipTests
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:--XX:+UseParallelGC -Xmx8g} -cp deploy/target/qbone.jar:bench/target/classes \
  io.qbone.bench.PartitionCost "${1:-10000,1000000}" "${2:-2,4,8}" bench/results/partition.csv
