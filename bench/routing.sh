#!/usr/bin/env bash
# Routing at scale (issue #4): a Waxman network of NODES nodes (default 10,000) with an offered
# load of CONCURRENT requests in flight (default 1,000: Poisson rate = CONCURRENT / deadline),
# compared across routing protocols with `qbone compare-routing`, each protocol in the same JVM
# run (same seed, same arrivals). Link-state is measured twice: on NODES nodes starting converged
# (link_state_start: converged) with CUTS link cuts spread over the run, each re-flooded to the
# whole network; and from a cold start (every advert flooded over every link at t = 0, N x 2L
# messages) on LS_NODES nodes (default 1,000).
# Results: bench/results/routing-*.{yaml,json,csv}; paste the numbers into docs/performance.md
# with the machine they ran on.
#
# Usage: bench/routing.sh
# Env:   JAVA_OPTS (default -XX:+UseParallelGC -Xmx12g), NODES, CONCURRENT, PROTOCOLS,
#        DURATION_S (default 0.03), DEADLINE_S (default 0.01), LS_NODES, THREADS (default 2),
#        CUTS (default 10)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/results"
mkdir -p "$out"
"$root/qbone" --version >/dev/null   # builds the jar if needed
jar="$root/deploy/target/qbone.jar"
opts=${JAVA_OPTS:--XX:+UseParallelGC -Xmx12g}
nodes=${NODES:-10000}
concurrent=${CONCURRENT:-1000}
protocols=${PROTOCOLS:-shortest-hops,shortest-latency,fidelity-aware,k-shortest,controller}
duration=${DURATION_S:-0.03}
deadline=${DEADLINE_S:-0.01}
ls_nodes=${LS_NODES:-1000}
threads=${THREADS:-2}
cuts=${CUTS:-10}

# A Waxman graph in a 200 km square with mean degree about 4 (beta ~ 4 / (N * 2 pi alpha^2 * 2)):
# links of tens of km, so pairs herald at useful rates.
scenario() { # nodes file
  local n=$1 f=$2
  local beta
  beta=$(python3 -c "import math; print(min(1.0, 4 / ($n * 2 * math.pi * 0.1**2 * 2)))")
  java $opts -jar "$jar" generate waxman --nodes "$n" --side-km 200 --beta "$beta" --flows 0 \
    --seed 1 --duration-s "$duration" --out "$f.tmp" >&2
  python3 - "$f.tmp" "$f" "$concurrent" "$deadline" "$duration" <<'PY'
import sys
src, dst, concurrent, deadline, duration = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
lines = [l for l in open(src) if not l.startswith("flows:") and not l.startswith("routing:")]
lines += [
    "routing: {protocol: shortest-latency, qubits_per_node: 8}\n",
    "traffic:\n",
    f"  rate_per_s: {concurrent / deadline}\n",
    f"  stop_s: {duration - deadline}\n",
    f"  request: {{pairs: 5, min_fidelity: 0.5, deadline_s: {deadline}}}\n",
]
open(dst, "w").writelines(lines)
PY
  rm -f "$f.tmp"
}

big="$out/routing-waxman-$nodes.yaml"
[ -f "$big" ] || scenario "$nodes" "$big"
echo "== compare-routing on $nodes nodes: $protocols" >&2
/usr/bin/time -v java $opts -jar "$jar" compare-routing "$big" --protocols "$protocols" \
  --threads "$threads" --json "$out/routing-waxman-$nodes.json" \
  --csv "$out/routing-waxman-$nodes.csv" 2> >(tee "$out/routing-waxman-$nodes.time" >&2)

# The big network with converged link-state routers and link cuts at evenly spaced times
# (every (links / cuts)-th link of the file, so the choice is reproducible).
converged="$out/routing-waxman-$nodes-ls.yaml"
python3 - "$big" "$converged" "$cuts" "$duration" <<'PY'
import re, sys
src, dst, cuts, duration = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
lines = open(src).readlines()
links = [re.match(r"\s*- \{a: (\S+), b: (\S+),", l).groups() for l in lines
         if re.match(r"\s*- \{a: ", l)]
out = [l.replace("protocol: shortest-latency,", "protocol: link-state, link_state_start: converged,")
       if l.startswith("routing:") else l for l in lines]
out.append("faults:\n")
for i in range(cuts):
    a, b = links[(i * len(links)) // cuts]
    out.append(f"  - {{at_s: {duration * (i + 1) / (cuts + 1):.6f}, kind: link-cut, a: {a}, b: {b}}}\n")
open(dst, "w").writelines(out)
PY
echo "== link-state from a converged start on $nodes nodes, $cuts link cuts" >&2
java $opts -jar "$jar" compare-routing "$converged" --protocols link-state \
  --threads "$threads" --json "$out/routing-waxman-$nodes-ls.json" \
  --csv "$out/routing-waxman-$nodes-ls.csv"

small="$out/routing-waxman-$ls_nodes.yaml"
[ -f "$small" ] || scenario "$ls_nodes" "$small"
echo "== compare-routing on $ls_nodes nodes: link-state vs shortest-latency" >&2
java $opts -jar "$jar" compare-routing "$small" --protocols link-state,shortest-latency \
  --threads "$threads" --json "$out/routing-waxman-$ls_nodes.json" \
  --csv "$out/routing-waxman-$ls_nodes.csv"

python3 - "$out/routing-waxman-$nodes.json" "$out/routing-waxman-$nodes-ls.json" \
  "$out/routing-waxman-$ls_nodes.json" <<'PY'
import json, sys
print("| nodes | protocol | requests | mean concurrent | accepted | delivered pairs/s | wall s per simulated s | events/s | peak heap MB | path computations/s (wall) | adverts/s (wall) |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for f in sys.argv[1:]:
    d = json.load(open(f))
    nodes = f.split("routing-waxman-")[1].split(".")[0].split("-")[0]
    for p in d["protocols"]:
        o, perf = p["outcome"], p["performance"]
        wall = perf["wall_time_s"]
        print(f"| {nodes} | {o['protocol']} | {o['requests']:,} | {o['mean_concurrent_requests']:,.0f} | "
              f"{o['acceptance_rate'] or 0:.2f} | {o['delivered_pairs_per_s']:,.0f} | "
              f"{wall / d['duration_s']:,.0f} | {perf['events_per_second']:,.0f} | "
              f"{perf['peak_heap_bytes'] >> 20:,} | {o['path_computations'] / wall:,.0f} | "
              f"{o['adverts_sent'] / wall:,.0f} |")
PY
