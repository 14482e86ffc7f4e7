#!/usr/bin/env bash
# Delivery service figures for docs/PERFORMANCE.md: cove-server on SQLite and on PostgreSQL beside
# Matrix Synapse on SQLite, on this machine, in one run.
#
#   Benchmarks/scripts/delivery-vs-synapse.sh [REPS]          (default 3; about 8 min with REPS=3)
#
# Env knobs: SIZE=200 (bytes of message body), DURATION=10 (seconds per Cove point), OPEN_RATE=1000,
#   SYNAPSE_DIR=/tmp/cove-synapse (scratch copy of ../shared/peers/synapse, set up on first use),
#   PEERS=<repo>/../shared/peers, RESULTS=<dir> (default /tmp/cove-delivery-<time>), SKIP_SYNAPSE=1.
#
# Shapes (the same client count and message size on both servers):
#   peer shape   10 senders + 5 more clients in one group/room, closed loop (one request in flight
#                per sender), SIZE bytes. Synapse: load.py --senders 10 --receivers 5 --msgs 200.
#                Cove: --clients 15 --groups 1 --group-size 15 --senders 10 (every member receives,
#                so Cove fans each message out to 14 devices, Synapse to 5 receivers).
#   max          100 clients, closed loop. Cove: 20 MLS groups of 10, every client sends with 4 requests
#                in flight and receives. Synapse: load.py's one room, 95 senders + 5 receivers
#                (--senders 95 --receivers 5 --msgs 20), the same client count.
#   open         Cove only: the same 100 clients, OPEN_RATE msg/s offered for 2 x DURATION s.
# Every server this script starts is stopped on exit, by pid.
set -euo pipefail
REPS="${1:-3}"
SIZE="${SIZE:-200}"
DURATION="${DURATION:-10}"
OPEN_RATE="${OPEN_RATE:-1000}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PEERS="${PEERS:-$ROOT/../shared/peers}"
SYNAPSE_DIR="${SYNAPSE_DIR:-/tmp/cove-synapse}"
RESULTS="${RESULTS:-/tmp/cove-delivery-$(date -u +%Y%m%d-%H%M%S)}"
OUT="$RESULTS/results.jsonl"
mkdir -p "$RESULTS"

log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$RESULTS/run.log" >&2; }

SYN_PID=""
cleanup() {
  if [ -n "$SYN_PID" ] && kill -0 "$SYN_PID" 2>/dev/null; then kill -TERM "$SYN_PID"; wait "$SYN_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building cove-bench and cove-server (release)"
(cd "$ROOT" && swift build -c release --product cove-server >/dev/null && swift build -c release --product cove-bench >/dev/null)
BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)"
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"

# ------------------------------------------------------------------ Synapse (SQLite)
if [ -z "${SKIP_SYNAPSE:-}" ]; then
  if [ ! -x "$SYNAPSE_DIR/.venv/bin/python" ]; then
    log "setting up Synapse in $SYNAPSE_DIR"
    rm -rf "$SYNAPSE_DIR"; cp -r "$PEERS/synapse" "$SYNAPSE_DIR"; chmod -R u+w "$SYNAPSE_DIR"
    (cd "$SYNAPSE_DIR" && ./setup.sh >"$RESULTS/synapse-setup.log" 2>&1)
  fi
  (
    cd "$SYNAPSE_DIR"
    rm -f data/sqlite/homeserver.db data/sqlite/homeserver.db-*
    rm -rf data/sqlite/media_store; mkdir -p data/sqlite/media_store
    .venv/bin/python -m synapse.app.homeserver -c data/sqlite/homeserver.yaml >>"$RESULTS/synapse.log" 2>&1 &
    echo $! >"$RESULTS/synapse.pid"
  )
  SYN_PID="$(cat "$RESULTS/synapse.pid")"
  for _ in $(seq 120); do curl -sf http://127.0.0.1:8448/health >/dev/null 2>&1 && break; sleep 0.5; done
  curl -sf http://127.0.0.1:8448/health >/dev/null || { log "synapse did not come up (see $RESULTS/synapse.log)"; exit 1; }
  log "synapse $("$SYNAPSE_DIR/.venv/bin/python" -c 'import synapse; print(synapse.__version__)') on SQLite, pid $SYN_PID"
  syn() { "$SYNAPSE_DIR/.venv/bin/python" "$SYNAPSE_DIR/load.py" --url http://127.0.0.1:8448 --server-pid "$SYN_PID" \
          --receivers 5 --size "$SIZE" "$@" 2>>"$RESULTS/run.log"; }
  syn --senders 5 --msgs 50 --label synapse-sqlite/warmup >/dev/null
  for _ in $(seq "$REPS"); do
    syn --senders 10 --msgs 200 --label synapse-sqlite/peer-shape --out "$OUT" >/dev/null
    log "synapse: $(tail -1 "$OUT" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["msgs_per_s"], "msg/s, deliv p99", r["deliv_p99_ms"], "ms")')"
  done
  for _ in $(seq "$REPS"); do
    syn --senders 95 --msgs 20 --label synapse-sqlite/max --out "$OUT" >/dev/null
    log "synapse 100 clients: $(tail -1 "$OUT" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["msgs_per_s"], "msg/s, deliv p99", r["deliv_p99_ms"], "ms")')"
  done
  cleanup; SYN_PID=""
fi

# ------------------------------------------------------------------ Cove
cove() { "$BIN/cove-bench" --server-binary "$BIN/cove-server" --size "$SIZE" --out "$OUT" "$@" >/dev/null 2>>"$RESULTS/run.log"
         log "cove: $(tail -1 "$OUT" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["label"], r["acceptedPerS"], "msg/s,", r["deliveredPerS"], "deliveries/s, e2e p99", r["e2eP99Ms"], "ms")')"; }
for backend in sqlite postgres; do
  for _ in $(seq "$REPS"); do
    cove --spawn "$backend" --label "cove-$backend/peer-shape" --clients 15 --groups 1 --group-size 15 --senders 10 --duration "$DURATION"
  done
  for _ in $(seq "$REPS"); do
    cove --spawn "$backend" --label "cove-$backend/max" --clients 100 --groups 20 --group-size 10 --concurrency 4 --duration "$DURATION"
  done
  for _ in $(seq "$REPS"); do
    cove --spawn "$backend" --label "cove-$backend/open$OPEN_RATE" --clients 100 --groups 20 --group-size 10 --rate "$OPEN_RATE" --duration $((2 * DURATION))
  done
done

python3 "$ROOT/Benchmarks/scripts/delivery-report.py" "$OUT" | tee "$RESULTS/table.md"
log "results in $RESULTS"
