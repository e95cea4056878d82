#!/usr/bin/env bash
# Simulated consensus throughput with real crypto: runs `dumbofl sim` (Release) for several seeds and
# prints the median epochs per second and wall time per epoch. Usage:
#   scripts/bench-sim.sh NODES BATCH EPOCHS [RUNS] [extra sim options…]
# Example: scripts/bench-sim.sh 4 1000 10 5
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=${1:?nodes}; batch=${2:?batch}; epochs=${3:?epochs}; runs=${4:-5}; shift $(( $# < 4 ? $# : 4 ))
dotnet build Runner -c Release -v q -nologo >/dev/null
exe=Runner/bin/Release/net10.0/dumbofl
rates=()
for seed in $(seq 1 "$runs"); do
    json=$("$exe" sim --nodes "$nodes" --batch "$batch" --epochs "$epochs" --seed "$seed" --json "$@")
    rates+=("$(python3 -c '
import json, sys
d = json.loads(sys.argv[1]); s = d["shards"][0]
assert d["passed"], "a check failed: " + str(s["failures"])
print("%.3f %d %d %d" % (s["epochs"] / (s["wall_ms"] / 1000), s["epochs"], s["wall_ms"], s["committed_entries"]))' "$json")")
    echo "seed $seed: epochs/s, epochs, wall ms, committed = ${rates[-1]}"
done
printf '%s\n' "${rates[@]}" | python3 -c '
import sys, statistics
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
r = statistics.median(x[0] for x in rows)
print(f"median over {len(rows)} runs: {r:.2f} epochs/s, {1000 / r:.0f} ms per epoch, "
      f"{statistics.median(x[3] / x[1] for x in rows):.0f} items per epoch")'
