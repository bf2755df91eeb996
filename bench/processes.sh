#!/usr/bin/env bash
# Member processes against one JVM (issue #19): the same scenario run by one embedded member with
# 1 dispatcher thread and by `--processes 2` with 1 thread each, in alternating rounds, each run a
# fresh `qbone run`. Prints one row per run and the medians, and appends them to
# bench/results/processes.md. events/s is the run phase (from opening the first window to the
# last LP report, without cluster start and stop); wall s is the whole command. Epochs are the
# barriers between members (performance.windows), member windows the windows members ran inside
# them; barrier ms is the mean wall time a member waited per epoch between finishing its part and
# the next epoch's start (performance.barrier_wait_s / members / epochs).
#
# Usage: bench/processes.sh [nodes] [rounds] [duration_s]   (defaults: 10000 3 0.02)
# Env:   JAVA_OPTS (default -XX:+UseParallelGC -Xmx4g; the members inherit heap and GC options)
#        ARMS (default "one two"; add "members2" for two in-JVM members, --members 2 --threads 1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/results"
mkdir -p "$out"
nodes=${1:-10000}
rounds=${2:-3}
duration=${3:-0.02}
"$root/qbone" --version >/dev/null   # builds the jar if needed
jar="$root/deploy/target/qbone.jar"
opts=${JAVA_OPTS:--XX:+UseParallelGC -Xmx4g}
scenario="$out/chain-$nodes-$duration.yaml"
# Saturating traffic: flows of 10 links tile the chain (as bench/scaling.sh).
[ -f "$scenario" ] || java -jar "$jar" generate chain --nodes "$nodes" --flow-hops 10 \
  --duration-s "$duration" --seed 1 --out "$scenario"
log="$out/processes.md"
{
  echo
  echo "## $(date -u +%FT%TZ) chain-$nodes, $duration virtual s, $rounds rounds, $(nproc) cores"
  echo "| round | arm | events | epochs | member windows | poll rounds | cut links | run s | events/s | barrier ms / epoch | wall s | outcome as round 1's 1 process |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
} | tee -a "$log"
rows="$out/processes-rows.tmp"
: > "$rows"
rm -f "$out/processes-reference.json"
for round in $(seq 1 "$rounds"); do
  for arm in ${ARMS:-one two}; do
    f="$out/processes-$arm.json"
    args=(--threads 1)
    [ "$arm" = two ] && args+=(--processes 2)
    [ "$arm" = members2 ] && args+=(--members 2)
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    java $opts -jar "$jar" run "$scenario" "${args[@]}" --no-metrics --no-dashboard --quiet \
      --out "$f"
    end=$(date +%s.%N)
    [ -f "$out/processes-reference.json" ] || cp "$f" "$out/processes-reference.json"
    python3 - "$f" "$round" "$arm" "$start" "$end" "$rows" "$out/processes-reference.json" \
      <<'PY' | tee -a "$log"
import json, sys
d = json.load(open(sys.argv[1]))
same = d["outcome"] == json.load(open(sys.argv[7]))["outcome"]
o, p = d["outcome"], d["performance"]
arm = {"one": "1 process", "two": "2 processes", "members2": "2 members in 1 JVM"}[sys.argv[3]]
wall = float(sys.argv[5]) - float(sys.argv[4])
barrier_ms = 1e3 * p["barrier_wait_s"] / p["members"] / max(1, p["windows"])
with open(sys.argv[6], "a") as rows:
    rows.write(f"{sys.argv[3]} {p['events_per_second']} {wall} {barrier_ms}\n")
print(f"| {sys.argv[2]} | {arm} | {o['events']:,} | {p['windows']:,} | {p['member_windows']:,} | "
      f"{p['poll_rounds']:,} | {p['cut_links']} | {p['wall_time_s']:.2f} | "
      f"{p['events_per_second']:,.0f} | {barrier_ms:.3f} | {wall:.1f} | {'yes' if same else 'NO'} |")
PY
  done
done
python3 - "$rows" <<'PY' | tee -a "$log"
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
arms = [a for a in ("one", "two", "members2") if any(r[0] == a for r in rows)]
med = {a: [statistics.median(float(r[i]) for r in rows if r[0] == a) for i in (1, 2, 3)]
       for a in arms}
print()
for a in arms:
    print(f"median {a}: {med[a][0]:,.0f} events/s, ratio to one {med[a][0] / med['one'][0]:.3f}, "
          f"wall {med[a][1]:.1f} s (ratio {med['one'][1] / med[a][1]:.3f}), "
          f"barrier {med[a][2]:.3f} ms per epoch")
PY
rm -f "$rows"
