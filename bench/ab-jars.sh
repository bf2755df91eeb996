#!/usr/bin/env bash
# Alternating A/B comparison of two qbone jars on one scenario (A B A B ..., fresh JVM each run):
# events/s over the run and in windows, CPU seconds, appended per run to OUT as they go, then
# medians and the B/A ratio of the medians. The machine's speed drifts between minutes, so only
# alternating runs in one sitting are compared.
#
# Usage: bench/ab-jars.sh A.jar B.jar SCENARIO [PAIRS] [OUT]   (extra run flags in RUN_FLAGS)
# Example: bench/ab-jars.sh /tmp/old/qbone.jar deploy/target/qbone.jar chain-1000-1s.yaml 6
# Env:   JAVA_OPTS (default -XX:+UseParallelGC -Xmx8g), RUN_FLAGS (default --threads 1)
set -euo pipefail
a=$1 b=$2 scenario=$3 pairs=${4:-6} out=${5:-bench/ab-$(date +%Y%m%d-%H%M%S).tsv}
opts=${JAVA_OPTS:--XX:+UseParallelGC -Xmx8g}
flags=${RUN_FLAGS:---threads 1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'pair\tjar\tevents_per_s\tevents_per_s_in_windows\tcpu_s\n' >> "$out"
one() { # label jar pair
  /usr/bin/time -f '%U %S' -o "$tmp/time" java $opts -jar "$2" run "$scenario" $flags \
    --no-metrics --no-dashboard --quiet --out "$tmp/r.json" > /dev/null
  python3 - "$tmp/r.json" "$tmp/time" "$1" "$3" >> "$out" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))["performance"]
user, system = map(float, open(sys.argv[2]).read().split()[-2:])
ev = json.load(open(sys.argv[1]))["outcome"]["events"]
print(f"{sys.argv[4]}\t{sys.argv[3]}\t{p['events_per_second']:.0f}\t"
      f"{ev / p['window_wall_s']:.0f}\t{user + system:.2f}")
PY
}
for i in $(seq 1 "$pairs"); do
  one A "$a" "$i"
  one B "$b" "$i"
done
python3 - "$out" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if not l.startswith("pair")]
for col, name in ((2, "events/s"), (3, "events/s in windows"), (4, "CPU s")):
    m = {j: statistics.median(float(r[col]) for r in rows if r[1] == j) for j in ("A", "B")}
    print(f"{name}: median A {m['A']:.0f}, B {m['B']:.0f}, B/A {m['B'] / m['A']:.3f}")
PY
