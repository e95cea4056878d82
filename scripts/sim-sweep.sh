#!/usr/bin/env bash
# Explores seeds beyond the CI sweep: runs `dumbofl sim` for a range of seeds and prints every failing
# seed with its replay command. Usage:
#   scripts/sim-sweep.sh FIRST_SEED COUNT NODES FAULTS [extra sim options…]
#   scripts/sim-sweep.sh 1000 50 7 crash:1,garbage:1 --epochs 6 --batch 40
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 4 ]]; then
    sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
first=$1 count=$2 nodes=$3 faults=$4
shift 4
dotnet build Runner -c Release -v:q -nologo >/dev/null
bin=Runner/bin/Release/net10.0/dumbofl
failures=0
for (( seed = first; seed < first + count; seed++ )); do
    if ! "$bin" sim --nodes "$nodes" --faults "$faults" --seed "$seed" --json "$@" >/dev/null 2>"${TMPDIR:-/tmp}/dumbofl-sweep.err"; then
        failures=$(( failures + 1 ))
        cat "${TMPDIR:-/tmp}/dumbofl-sweep.err"
    fi
done
echo "${count} seeds, ${failures} failed"
[[ ${failures} -eq 0 ]]
