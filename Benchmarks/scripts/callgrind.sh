#!/bin/bash
# Instruction counts per iteration of profile-ops operations, measured with callgrind on the
# measured loop only (the fixture build is not counted). Used for before/after comparisons on a
# shared machine, where wall-clock times are too noisy.
#   scripts/callgrind.sh BINARY LABEL "OP TREE N SUITE ITER [PAYLOAD_BYTES]" ...
# Prints one line per case: LABEL OP TREE N SUITE [PAYLOAD] instructions-per-iteration.
# valgrind 3.19 cannot read Swift 6.3's DWARF 5, so the binary is copied without debug info.
set -euo pipefail
bin=$1; label=$2; shift 2
out=${CALLGRIND_OUT:-/tmp/cg}
mkdir -p "$out"
strip --strip-debug -o "$out/$label.bin" "$bin"
for spec in "$@"; do
  read -r op tree n suite iter size <<<"$spec"
  file="$out/$label-$op-$tree-$n-$suite${size:+-$size}.out"
  collected=$(nice valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measuredLoop*' \
    --callgrind-out-file="$file" "$out/$label.bin" "$op" "$tree" "$n" "$suite" "$iter" ${size:+"$size"} 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  echo "$label $op $tree n=$n suite=$suite${size:+ payload=$size} $((collected / iter))"
done
