#!/usr/bin/env bash
# Start-up of the container image (docs/performance.md, "Container image"): loads
# deploy/target/qbone-image.tar into podman, then ROUNDS times
#   1. `--version`: from `podman run` to its exit;
#   2. a member: a launcher container waits for one remote member, and a member container in
#      the launcher's network namespace (loopback only, --network none) is timed from
#      `podman run` until it prints "qbone member: joined the cluster" (it is Up, i.e. ready).
# Build the image first: mvn -B -Pimage -DskipTests -pl deploy -am package
# Usage: bench/container-start.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
podman=(podman --cgroup-manager=cgroupfs --runtime /usr/sbin/runc)
image=$("${podman[@]}" load -i deploy/target/qbone-image.tar | sed -n -E 's/^Loaded image(\(s\))?: //p')
work=$(mktemp -d)
chmod 777 "$work"
cp scenarios/repeater-chain.yaml "$work/scenario.yaml"
remove() { # the member uses the launcher's network namespace: it goes first
  "${podman[@]}" rm -f qbone-bench-member >/dev/null 2>&1 || true
  "${podman[@]}" rm -f qbone-bench-launcher >/dev/null 2>&1 || true
}
cleanup() { remove; rm -rf "$work"; }
trap cleanup EXIT
now() { date +%s.%N; }
echo "image $image: $(stat -c %s deploy/target/qbone-image.tar) bytes archive, $("${podman[@]}" image inspect --format '{{.Size}}' "$image") bytes unpacked"
for r in $(seq "$rounds"); do
  t0=$(now)
  "${podman[@]}" run --rm --network none "$image" --version >/dev/null
  t1=$(now)
  "${podman[@]}" run -d --name qbone-bench-launcher --network none -v "$work:/work" "$image" \
    run /work/scenario.yaml --remote-members 1 --cluster-host 127.0.0.1 --cluster-port 25520 \
    --no-dashboard --no-metrics --out /work/results.json >/dev/null
  # The launcher listens once it prints where (it waits for the member from then on).
  until "${podman[@]}" logs qbone-bench-launcher 2>&1 | grep -q "25520"; do sleep 0.2; done
  t2=$(now)
  "${podman[@]}" run --name qbone-bench-member --network container:qbone-bench-launcher \
    -v "$work:/work" "$image" member --scenario /work/scenario.yaml \
    --seed-nodes 127.0.0.1:25520 --host 127.0.0.1 --port 25521 > "$work/member.log" 2>&1 &
  until grep -q "qbone member: joined the cluster" "$work/member.log"; do sleep 0.05; done
  t3=$(now)
  "${podman[@]}" wait qbone-bench-launcher >/dev/null
  wait
  remove
  printf 'round %d: --version %.2f s, member start to joined (ready) %.2f s\n' "$r" \
    "$(awk "BEGIN {print $t1 - $t0}")" "$(awk "BEGIN {print $t3 - $t2}")"
done
"${podman[@]}" rmi "$image" >/dev/null
