#!/usr/bin/env bash
# CPU seconds per thread group of running processes, from /proc/PID/task/*/stat (utime + stime), grouped by
# thread name: "dumbofl-core" (the node's core loop), ".NET TP Worker" (pool: sockets, TLS, decode, HTTP),
# ".NET Tiered Com" (JIT), ".NET BGC"/".NET Server GC" (GC), … Usage: scripts/cpu-by-thread.sh PID… (e.g. $(pgrep -f 'dumbofl.* node'))
set -euo pipefail
hz=$(getconf CLK_TCK)
for pid in "$@"; do
    for task in /proc/"$pid"/task/*; do
        [[ -r $task/stat ]] || continue
        stat=$(cat "$task/stat" 2>/dev/null) || continue
        name=${stat#*(}; name=${name%%)*}
        rest=${stat##*) }
        read -r -a fields <<<"$rest"
        # fields[11] = utime, fields[12] = stime (stat fields 14 and 15; the array starts at field 3)
        echo "$name	$(( fields[11] + fields[12] ))"
    done
done | awk -F'\t' -v hz="$hz" '{ sum[$1] += $2; total += $2 }
    END { for (n in sum) printf "%8.2f s  %5.1f%%  %s\n", sum[n] / hz, 100 * sum[n] / (total ? total : 1), n; printf "%8.2f s  total\n", total / hz }' | sort -rn
