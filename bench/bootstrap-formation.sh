#!/usr/bin/env bash
# Cluster formation through Pekko Cluster Bootstrap (issues #19, #20): N member processes, each in
# its own network namespace ("host") on one bridge, started together with
# `qbone member --bootstrap config` (every member's management endpoint is a contact point, N of
# them required). Measures, per round, the wall time from launching the members until the first
# member's /cluster/members lists all N as Up (formation), and until every member's /ready answers
# 200 (all ready), and until the first member's /alive answers (its JVM is up and serving, which
# on a loaded machine is much of the rest). Polls every 100 ms from inside the namespaces. Appends rows and medians to
# bench/results/bootstrap-formation.md. Needs root and `ip`; creates and deletes namespaces
# qbf<pid>-*, addresses 10.80.0.0/24 only inside them.
#
# Usage: bench/bootstrap-formation.sh [rounds] [sizes...]   (defaults: 3, sizes 3 8)
# Env:   JAVA_OPTS (default -XX:+UseParallelGC -Xmx512m per member)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/results"
mkdir -p "$out"
rounds=${1:-3}
shift || true
sizes=("${@:-3 8}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
"$root/qbone" --version >/dev/null   # builds the jar if needed
jar="$root/deploy/target/qbone.jar"
opts=${JAVA_OPTS:--XX:+UseParallelGC -Xmx512m}
scenario="$root/scenarios/repeater-chain.yaml"
prefix="qbf$$-"
hub="${prefix}hub"
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for ns in $(ip netns list | awk '{print $1}' | grep "^$prefix" || true); do
    ip netns del "$ns" 2>/dev/null || true
  done
}
trap cleanup EXIT

hosts() {   # create $1 hosts 10.80.0.1.. on a bridge in namespace $hub
  ip netns add "$hub"
  ip -n "$hub" link add br0 type bridge
  ip -n "$hub" link set br0 up
  for i in $(seq 1 "$1"); do
    ip netns add "${prefix}h$i"
    ip -n "${prefix}h$i" link set lo up
    ip -n "$hub" link add "port$i" type veth peer name eth0 netns "${prefix}h$i"
    ip -n "$hub" link set "port$i" master br0 up
    ip -n "${prefix}h$i" addr add "10.80.0.$i/24" dev eth0
    ip -n "${prefix}h$i" link set eth0 up
  done
}

now() { date +%s.%N; }

log="$out/bootstrap-formation.md"
{
  echo
  echo "## $(date -u +%FT%TZ) bootstrap formation, config discovery, $rounds rounds, $(nproc) cores"
  echo "| members | round | first member's /alive s (process up) | formation s (launch to all Up) | all ready s (every /ready 200) |"
  echo "|---|---|---|---|---|"
} | tee -a "$log"
rows="$out/bootstrap-formation-rows.tmp"
: > "$rows"
for n in "${sizes[@]}"; do
  for round in $(seq 1 "$rounds"); do
    cleanup
    pids=()
    hosts "$n"
    contacts=$(seq 1 "$n" | sed 's/.*/10.80.0.&:7626/' | paste -sd, -)
    start=$(now)
    for i in $(seq 1 "$n"); do
      # shellcheck disable=SC2086
      ip netns exec "${prefix}h$i" java $opts -jar "$jar" member --scenario "$scenario" \
        --bootstrap config --contact-points "$contacts" --required-contacts "$n" --members "$n" \
        --host "10.80.0.$i" --port 25520 --management-port 7626 --threads 1 --quiet \
        >"$out/bootstrap-member-$i.log" 2>&1 &
      pids+=($!)
      disown $!
    done
    alive=""
    formed=""
    ready=""
    while [ -z "$ready" ]; do
      sleep 0.1
      if [ -z "$alive" ]; then
        code=$(ip netns exec "${prefix}h1" curl -s -m 2 -o /dev/null -w '%{http_code}' \
          http://10.80.0.1:7626/alive || true)
        [ "$code" = 200 ] && alive=$(now)
      elif [ -z "$formed" ]; then
        up=$( (ip netns exec "${prefix}h1" curl -s -m 2 http://10.80.0.1:7626/cluster/members \
          2>/dev/null || true) | python3 -c 'import json,sys
try: print(sum(1 for m in json.load(sys.stdin)["members"] if m["status"] == "Up"))
except Exception: print(0)')
        [ "$up" = "$n" ] && formed=$(now)
      else
        all=1
        for i in $(seq 1 "$n"); do
          code=$(ip netns exec "${prefix}h$i" curl -s -m 2 -o /dev/null -w '%{http_code}' \
            "http://10.80.0.$i:7626/ready" || true)
          [ "$code" = 200 ] || { all=0; break; }
        done
        [ "$all" = 1 ] && ready=$(now)
      fi
      if [ "$(echo "$(now) - $start > 300" | bc)" = 1 ]; then
        echo "no cluster of $n within 300 s; member logs in $out/bootstrap-member-*.log" >&2
        exit 1
      fi
    done
    a=$(echo "$alive - $start" | bc)
    f=$(echo "$formed - $start" | bc)
    r=$(echo "$ready - $start" | bc)
    printf '| %d | %d | %.1f | %.1f | %.1f |\n' "$n" "$round" "$a" "$f" "$r" | tee -a "$log"
    echo "$n $f $r $a" >> "$rows"
  done
done
python3 - "$rows" <<'PY' | tee -a "$log"
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
for n in sorted({int(r[0]) for r in rows}):
    f = [float(r[1]) for r in rows if int(r[0]) == n]
    a = [float(r[2]) for r in rows if int(r[0]) == n]
    up = [float(r[3]) for r in rows if int(r[0]) == n]
    print(f"| {n} | median | {statistics.median(up):.1f} | {statistics.median(f):.1f} | "
          f"{statistics.median(a):.1f} |")
PY
rm -f "$rows"
