#!/usr/bin/env bash
# Usage: ./run.sh TARGET [SECONDS] [extra libFuzzer flags]
#   Builds the fuzz targets with libFuzzer + AddressSanitizer, seeds the corpus from the MLS
#   vectors (../../shared/vectors/mls) and runs TARGET for SECONDS (default 600).
#   Crashes are written to FuzzTesting/crashes/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: ./run.sh TARGET [SECONDS]}
seconds=${2:-600}
shift $(( $# > 1 ? 2 : 1 ))

# gold cannot link the fuzzer runtime into Swift binaries here; lld can.
swift build --product "$target" -Xswiftc -sanitize=fuzzer,address \
    -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld >&2

python3 seed-corpus.py "${MLS_VECTORS_DIR:-../../shared/vectors/mls}" corpus
mkdir -p "crashes/$target" "corpus/$target"
# FuzzGroup's best seeds are real messages of its own (deterministic) group.
if [ "$target" = FuzzGroup ]; then ".build/debug/FuzzGroup" --generate-seeds corpus/FuzzGroup >&2; fi
exec ".build/debug/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=4096 -artifact_prefix="crashes/$target/" "$@" "corpus/$target"
