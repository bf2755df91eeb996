#!/usr/bin/env bash
# KME API load benchmark (issue #5): key requests/s and p50/p99 latency over loopback HTTPS with
# client certificates and the H2 journal.
# Usage: bench/kme-load.sh [seconds] [pairs] [clients/pair] [minimum warm-up seconds]
# The warm-up goes on until the JIT takes < 3 % of the CPU (KmeLoad.warmUp).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# In one reactor build, so the class path names this checkout's modules, not installed ones.
mvn -o -q -B -pl bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/cp.txt
exec java ${JAVA_OPTS:--Xmx2g} -cp "bench/target/classes:$(cat bench/target/cp.txt)" \
  io.qbone.bench.KmeLoad "$@"
