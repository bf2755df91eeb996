#!/usr/bin/env bash
# Scenario-level scaling benchmark (issue #2): events/s, wall time, windows and peak heap for
# chains of 10 to 10,000 nodes under saturating traffic and a random 100,000-node network, with
# 1 and 2 dispatcher threads. Each case runs in a fresh JVM. Results: bench/results/*.json and a
# markdown table on stdout (paste it into docs/performance.md with the machine it ran on).
#
# Usage: bench/scaling.sh [case ...]   cases: chain-10 chain-100 chain-1000 chain-10000 random-100000
#        bench/scaling.sh threads        the 1 -> 2 thread speed-up in one JVM (ThreadScaling)
# Env:   JAVA_OPTS (default -XX:+UseParallelGC -Xmx8g), THREADS (default "1 2")
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/results"
mkdir -p "$out"
"$root/qbone" --version >/dev/null   # builds the jar if needed
jar="$root/deploy/target/qbone.jar"
opts=${JAVA_OPTS:--XX:+UseParallelGC -Xmx8g}
threads=${THREADS:-1 2}

# Saturating traffic: flows of 10 links tile the whole chain, so every link generates all the time.
declare -A gen=(
  [chain-10]="chain --nodes 10 --flow-hops 9 --duration-s 2"
  [chain-100]="chain --nodes 100 --flow-hops 10 --duration-s 0.5"
  [chain-1000]="chain --nodes 1000 --flow-hops 10 --duration-s 0.2"
  [chain-10000]="chain --nodes 10000 --flow-hops 10 --duration-s 0.02"
  [random-100000]="random --nodes 100000 --degree 3 --flows 100 --duration-s 0.01"
)
if [ "${1:-}" = threads ]; then
  # A chain-1000 five times longer than the table's, so each run is long against the JIT's
  # warm-up; both thread counts in one JVM, ABBA order (see io.qbone.bench.ThreadScaling).
  scenario="$out/chain-1000-1s.yaml"
  [ -f "$scenario" ] || java $opts -jar "$jar" generate chain --nodes 1000 --flow-hops 10 \
    --duration-s 1 --seed 1 --out "$scenario"
  (cd "$root" && mvn -o -q -B -pl bench -am package -DskipTests)
  exec java $opts -cp "$jar:$root/bench/target/classes" io.qbone.bench.ThreadScaling "$scenario" \
    "${ROUNDS:-4}"
fi

cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(chain-10 chain-100 chain-1000 chain-10000 random-100000)

for c in "${cases[@]}"; do
  [ -n "${gen[$c]:-}" ] || { echo "unknown case $c" >&2; exit 2; }
  scenario="$out/$c.yaml"
  [ -f "$scenario" ] || java $opts -jar "$jar" generate ${gen[$c]} --seed 1 --out "$scenario"
  for t in $threads; do
    echo "== $c, $t thread(s)" >&2
    # --no-metrics: the engine alone (metrics cost: docs/performance.md, "Cost of metrics").
    java $opts -jar "$jar" run "$scenario" --threads "$t" --no-metrics --out "$out/$c-t$t.json" >&2
  done
done

python3 - "$out" "${cases[@]}" <<'PY'
import json, sys, os
out, cases = sys.argv[1], sys.argv[2:]
print("| case | threads | events | windows | run s | cluster start+stop s | events/s | events/s in windows | LP busy share | peak heap MB |")
print("|---|---|---|---|---|---|---|---|---|---|")
for c in cases:
    for f in sorted(x for x in os.listdir(out) if x.startswith(c + "-t") and x.endswith(".json")):
        d = json.load(open(os.path.join(out, f)))
        o, p = d["outcome"], d["performance"]
        t = p["threads_per_member"]
        win = p["window_wall_s"]
        busy = p["lp_busy_s"] / (win * t) if win > 0 else 0
        print(f"| {c} | {t} | {o['events']:,} | {p['windows']:,} | {p['wall_time_s']:.1f} | "
              f"{p['cluster_start_s'] + p['cluster_stop_s']:.1f} | "
              f"{p['events_per_second']:,.0f} | {o['events'] / win if win else 0:,.0f} | "
              f"{busy:.0%} | {p['peak_heap_bytes'] >> 20:,} |")
PY
