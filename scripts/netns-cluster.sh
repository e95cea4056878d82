#!/usr/bin/env bash
# A cluster whose nodes each live in their own network namespace (own IP on a veth pair, all joined by one
# bridge), like separate hosts: `dumbofl keygen --hosts` places node S-I at 10.213.S.(10+I), and
# `dumbofl launch --cluster … --node-prefix 'ip netns exec …'` starts, loads, checks and stops them.
# Needs root, iproute2 and python3. Namespaces, veths and the bridge are removed on exit, also on Ctrl-C.
# Usage:
#   sudo scripts/netns-cluster.sh [--shards K] [--nodes N] [--duration SEC] [--rate TX_PER_SEC] [--batch B]
#                                 [--kill S-I@SEC]… [--delay MS] [--out DIR] [--json]
#   --delay MS   adds MS of one-way latency on every node's link (tc netem), for WAN-like runs
# Example: sudo scripts/netns-cluster.sh --nodes 4 --duration 20 --rate 2000 --delay 5 --kill 0-3@5
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$self")/.."

usage() { sed -n '2,10p' "$self" | sed 's/^# \{0,1\}//'; exit 2; }
die() { echo "netns-cluster.sh: $*" >&2; exit 2; }

shards=1 nodes=4 duration=20 rate=2000 batch="" delay="" out="" json="" kills=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --shards) shards=${2:?}; shift 2 ;;
        --nodes) nodes=${2:?}; shift 2 ;;
        --duration) duration=${2:?}; shift 2 ;;
        --rate) rate=${2:?}; shift 2 ;;
        --batch) batch=${2:?}; shift 2 ;;
        --kill) kills+=(--kill "${2:?}"); shift 2 ;;
        --delay) delay=${2:?}; shift 2 ;;
        --out) out=${2:?}; shift 2 ;;
        --json) json=--json; shift ;;
        -h|--help) usage ;;
        *) die "unknown option '$1' (try --help)" ;;
    esac
done
[[ $shards =~ ^[0-9]+$ && $shards -ge 1 && $shards -le 200 ]] || die "--shards must be 1..200"
[[ $nodes =~ ^[0-9]+$ && $nodes -ge 4 && $nodes -le 200 ]] || die "--nodes must be 4..200 (n = 3f+1)"
[[ -z $delay || $delay =~ ^[0-9]+$ ]] || die "--delay must be whole milliseconds"
[[ $EUID -eq 0 ]] || die "needs root (ip netns, veth, bridge)"
for tool in ip python3 dotnet; do
    command -v "$tool" >/dev/null || die "needs $tool on PATH"
done
[[ -z $delay ]] || command -v tc >/dev/null || die "--delay needs tc (iproute2)"

# Short names: interface names are limited to 15 characters. The tag keeps parallel runs apart.
tag="d$(( RANDOM % 1000 ))"
subnet=10.213
bridge="${tag}br"
out=${out:-runs/netns-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
[[ -z $(ls -A "$out") ]] || die "--out $out is not empty"

namespaces=()
relays=()
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    for pid in "${relays[@]}"; do kill "$pid" 2>/dev/null || true; done
    # The launcher has stopped its nodes; anything still inside a namespace goes with it.
    for ns in "${namespaces[@]}"; do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
        ip netns del "$ns" 2>/dev/null || true
    done
    ip link del "$bridge" 2>/dev/null || true
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "netns-cluster.sh: building (Release)…" >&2
dotnet build Runner -c Release -v:q -nologo >/dev/null
dumbofl=(dotnet "$PWD/Runner/bin/Release/net10.0/dumbofl.dll")

ip link add "$bridge" type bridge
ip addr add "$subnet.255.254/16" dev "$bridge"
ip link set "$bridge" up

hosts="$out/hosts.txt"
: > "$hosts"
for (( s = 0; s < shards; s++ )); do
    for (( i = 0; i < nodes; i++ )); do
        id="$s-$i" ns="dfl-$tag-$s-$i" address="$subnet.$s.$(( 10 + i ))"
        ip netns add "$ns"
        namespaces+=("$ns")
        ip link add "${tag}v$id" type veth peer name "${tag}n$id"
        ip link set "${tag}n$id" netns "$ns"
        ip link set "${tag}v$id" master "$bridge" up
        ip netns exec "$ns" ip link set lo up
        ip netns exec "$ns" ip link set "${tag}n$id" name eth0
        ip netns exec "$ns" ip addr add "$address/16" dev eth0
        ip netns exec "$ns" ip link set eth0 up
        ip netns exec "$ns" ip route add default via "$subnet.255.254"
        if [[ -n $delay ]]; then
            ip netns exec "$ns" tc qdisc add dev eth0 root netem delay "${delay}ms" 2>/dev/null \
                || die "--delay: tc netem is not available here (kernel module sch_netem)"
        fi
        echo "$id $address" >> "$hosts"
    done
done
"${dumbofl[@]}" keygen --shards "$shards" --nodes "$nodes" --out "$out/cluster" --hosts "$hosts" --base-port 7000 >&2

# A node serves its client API on loopback only (inside its namespace). A small relay in each namespace
# exposes it on the namespace's address, where the launcher in the root namespace can reach it.
relay="$out/api-relay.py"
cat > "$relay" <<'PY'
import asyncio, sys

listen_host, port = sys.argv[1], int(sys.argv[2])

async def pump(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()

async def relay(client_reader, client_writer):
    try:
        node_reader, node_writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pump(client_reader, node_writer), pump(node_reader, client_writer))

async def main():
    server = await asyncio.start_server(relay, listen_host, port)
    async with server:
        await server.serve_forever()

asyncio.run(main())
PY
while read -r id address port; do
    ip netns exec "dfl-$tag-$id" python3 "$relay" "$address" "$port" &
    relays+=($!)
done < <(python3 -c '
import json, sys
for n in json.load(open(sys.argv[1]))["nodes"]:
    print(n["id"], n["host"], n["api_port"])' "$out/cluster/cluster.json")

echo "netns-cluster.sh: $(( shards * nodes )) namespaces dfl-$tag-S-I on $subnet.0.0/16${delay:+, ${delay} ms delay}; run directory $out" >&2
launch=("${dumbofl[@]}" launch --cluster "$out/cluster" --node-prefix "ip netns exec dfl-$tag-{id}" --api-from-cluster
        --out "$out/run" --duration "$duration" --rate "$rate" "${kills[@]}" $json)
[[ -z $batch ]] || launch+=(--batch "$batch")
set +e
"${launch[@]}"
status=$?
set -e
exit "$status"
