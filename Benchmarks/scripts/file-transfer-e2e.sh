#!/usr/bin/env bash
# End-to-end encrypted file transfer through a local cove-server (issue 5): one user sends a file
# of SIZE_MIB with `cove file send`, another fetches it with `cove file get`; both timed with
# /usr/bin/time -v (wall clock, CPU, peak RSS), the result compared byte for byte.
#
#   swift build -c release --product cove && swift build -c release --product cove-server
#   Benchmarks/scripts/file-transfer-e2e.sh [SIZE_MIB=1024] [WORK_DIR=/tmp/cove-file-e2e]
#
# Everything (server data, both homes, the input and output files) lives in WORK_DIR, on one
# disk; it is removed at the end. The server runs on SQLite with blob limits raised for the run
# (its defaults are 100 MiB per blob and 1 GiB per account). Environment: COVE=path of cove,
# COVE_SERVER=path of cove-server (default: .build/release/...), NICE=1 to run under nice.
set -euo pipefail

size_mib=${1:-1024}
work=${2:-/tmp/cove-file-e2e}
cove=${COVE:-.build/release/cove}
server_bin=${COVE_SERVER:-.build/release/cove-server}
nice_cmd=()
[[ "${NICE:-0}" == 1 ]] && nice_cmd=(nice)
for bin in "$cove" "$server_bin" /usr/bin/time; do
    [[ -x "$bin" ]] || { echo "missing $bin (build with: swift build -c release --product cove --product cove-server)" >&2; exit 1; }
done

rm -rf "$work"
mkdir -p "$work"
time_pid=
# Stops the server (the child of /usr/bin/time, which then writes its report).
stop_server() {
    [[ -n "$time_pid" ]] || return 0
    local child
    child=$(ps -o pid= --ppid "$time_pid" | tr -d ' ')
    [[ -n "$child" ]] && kill "$child" 2>/dev/null
    wait "$time_pid" 2>/dev/null || true
    time_pid=
}
cleanup() {
    stop_server
    rm -rf "$work"
}
trap cleanup EXIT

# The server, on a free port, timed too (its peak RSS is printed when it stops).
/usr/bin/time -v -o "$work/server.time" "$server_bin" --host 127.0.0.1 --port 0 --log-level warning --data "$work/server" \
    --max-blob-bytes $(( (size_mib + 64) << 20 )) --blob-quota-bytes $(( (2 * size_mib + 128) << 20 )) \
    > "$work/server.out" 2>&1 &
time_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/server.out" | head -1)
[[ -n "$url" ]] || { echo "cove-server did not start: $(cat "$work/server.out")" >&2; exit 1; }

"$cove" --home "$work/alice" init --server "$url" --user alice --device laptop < /dev/null > /dev/null
"$cove" --home "$work/bob" init --server "$url" --user bob --device desktop < /dev/null > /dev/null

head -c $(( size_mib << 20 )) /dev/urandom > "$work/input.bin"
sync

# /usr/bin/time -v fields: wall clock, user, system, peak RSS.
report() {
    local label=$1 file=$2
    local wall user sys rss seconds
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$file")
    user=$(sed -n 's/.*User time (seconds): //p' "$file")
    sys=$(sed -n 's/.*System time (seconds): //p' "$file")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$file")
    seconds=$(awk -v w="$wall" 'BEGIN { n = split(w, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
    awk -v l="$label" -v s="$seconds" -v m="$size_mib" -v u="$user" -v y="$sys" -v r="$rss" \
        'BEGIN { printf "%-28s %8.2f s %9.1f MiB/s   cpu %6.2f + %5.2f s   peak RSS %6.1f MiB\n", l, s, m / s, u, y, r / 1024 }'
}

echo "cove file transfer, ${size_mib} MiB, server $url (SQLite), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"${nice_cmd[@]}" /usr/bin/time -v -o "$work/send.time" "$cove" --home "$work/alice" --json file send --to bob "$work/input.bin" \
    < /dev/null > "$work/send.json"
id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$work/send.json" | head -1)
[[ -n "$id" ]] || { echo "file send printed no id: $(cat "$work/send.json")" >&2; exit 1; }
report "send (encrypt + upload)" "$work/send.time"

"$cove" --home "$work/bob" --json receive < /dev/null | grep -q "\"id\":\"$id\"" || { echo "bob did not receive the file event" >&2; exit 1; }
"${nice_cmd[@]}" /usr/bin/time -v -o "$work/get.time" "$cove" --home "$work/bob" --json file get "$id" --out "$work/output.bin" \
    < /dev/null > "$work/get.json"
report "get (download + decrypt)" "$work/get.time"

cmp "$work/input.bin" "$work/output.bin" && echo "output identical to input ($(stat -c %s "$work/output.bin") bytes)"
echo "server blob files: $(find "$work/server/blobs" -type f -printf '%s bytes\n' | paste -sd ' ')"
stop_server
echo "cove-server (whole run): cpu $(sed -n 's/.*User time (seconds): //p' "$work/server.time") + $(sed -n 's/.*System time (seconds): //p' "$work/server.time") s, peak RSS $(( $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/server.time") / 1024 )) MiB"
