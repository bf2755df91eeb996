#!/usr/bin/env bash
# QKD benchmark (issue #5): the Beijing-Shanghai backbone with its four metro networks for one
# simulated day (scenarios/beijing-shanghai.yaml). Runs it RUNS times (default 3), each in a
# fresh JVM, and prints the wall time of the run (without cluster start/stop), events, windows,
# events/s and peak heap of each. Results: bench/results/qkd-day-N.json.
#
# Usage: bench/qkd-day.sh            Env: RUNS (default 3), JAVA_OPTS (default -XX:+UseParallelGC)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/results"
mkdir -p "$out"
"$root/qbone" --version >/dev/null   # builds the jar if needed
jar="$root/deploy/target/qbone.jar"
opts=${JAVA_OPTS:--XX:+UseParallelGC}
runs=${RUNS:-3}
echo "| run | virtual s | wall s (run) | events | windows | events/s | peak heap MB |"
echo "|---|---|---|---|---|---|---|"
for i in $(seq 1 "$runs"); do
  f="$out/qkd-day-$i.json"
  # shellcheck disable=SC2086
  java $opts -jar "$jar" run "$root/scenarios/beijing-shanghai.yaml" --quiet --out "$f" >/dev/null
  python3 - "$f" "$i" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
o, p = d["outcome"], d["performance"]
print(f"| {sys.argv[2]} | {o['virtual_time_s']:.0f} | {p['wall_time_s']:.1f} | {o['events']:,} | "
      f"{p['windows']:,} | {p['events_per_second']:,.0f} | {p['peak_heap_bytes'] / 2**20:,.0f} |")
PY
done
