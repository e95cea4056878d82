#!/usr/bin/env bash
# Local clusters of separate node processes for the common cases (dumbofl launch / bench, Release build).
# Usage:
#   scripts/launch-local.sh CASE [extra options…]
# Cases:
#   smoke    1 shard × 4 nodes, 20 s at 2,000 tx/s                  (issue 4's acceptance run)
#   kill     the same, node 0-3 SIGKILLed at second 5             (the shard must go on committing)
#   invalid  the same with 10 % invalid transactions (refused by the API, never committed)
#   shards   2 shards × 4 nodes, 20 s at 4,000 tx/s
#   bench    the saturation sweep: dumbofl bench --shards 1 --nodes 4 --tx-size 250
#   memory   10 minutes at RATE tx/s (default 20000) sampling each node's RSS every 10 s
#   custom   only the extra options: scripts/launch-local.sh custom --nodes 7 --duration 60 --rate 5000
# Extra options are appended: add what the case does not set (`smoke --json`, `kill --out DIR --batch 4000`);
# to change what it sets, use `custom` with every option.
# Each run keeps keys, data directories and node logs under ./runs/ (or --out); `dumbofl verify --data DIR`
# checks a ledger afterwards.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$self")/.."
if [[ $# -lt 1 ]]; then
    sed -n '2,16p' "$self" | sed 's/^# \{0,1\}//'
    exit 2
fi
case_name=$1
shift
dumbofl=(dotnet run --project Runner -c Release --)
case "$case_name" in
    smoke)   exec "${dumbofl[@]}" launch --shards 1 --nodes 4 --duration 20 --rate 2000 "$@" ;;
    kill)    exec "${dumbofl[@]}" launch --shards 1 --nodes 4 --duration 20 --rate 2000 --kill 0-3@5 "$@" ;;
    invalid) exec "${dumbofl[@]}" launch --shards 1 --nodes 4 --duration 20 --rate 2000 --invalid 0.1 "$@" ;;
    shards)  exec "${dumbofl[@]}" launch --shards 2 --nodes 4 --duration 20 --rate 4000 "$@" ;;
    bench)   exec "${dumbofl[@]}" bench --shards 1 --nodes 4 --tx-size 250 "$@" ;;
    memory)  exec "${dumbofl[@]}" bench --shards 1 --nodes 4 --tx-size 250 --rss-samples 600 --rate "${RATE:-20000}" "$@" ;;
    custom)  exec "${dumbofl[@]}" launch "$@" ;;
    *)
        echo "launch-local.sh: unknown case '$case_name' (smoke, kill, invalid, shards, bench, memory, custom)" >&2
        exit 2
        ;;
esac
