#!/usr/bin/env python3
"""Median table of a delivery-vs-synapse run: delivery-report.py results.jsonl

Reads the JSON lines of cove-bench (--out) and of the peers' load.py (--out), groups them by label,
prints medians as a Markdown table, then each Cove label's throughput as a multiple of Synapse's."""
import json
import statistics
import sys

# (header, cove-bench field, load.py field)
COLS = [
    ("clients", "clients", None), ("msg/s accepted", "acceptedPerS", "msgs_per_s"),
    ("deliveries/s", "deliveredPerS", None),
    ("e2e p50 ms", "e2eP50Ms", "deliv_p50_ms"), ("e2e p99 ms", "e2eP99Ms", "deliv_p99_ms"),
    ("send p50 ms", "sendP50Ms", "send_p50_ms"), ("send p99 ms", "sendP99Ms", "send_p99_ms"),
    ("lost", "lostDeliveries", "lost_pairs"), ("errors", "errors", "errors"),
    ("server peak RSS MiB", "serverPeakRSSMiB", "server_vmhwm_mb"),
    ("server CPU %", "serverCPUPct", "server_cpu_pct"), ("db CPU %", "dbCPUPct", "db_cpu_pct"),
    ("client CPU %", "clientCPUPct", "client_cpu_pct"), ("machine busy %", "machineBusyPct", "machine_busy_pct"),
]


def med(vals):
    vals = [v for v in vals if v is not None]
    if not vals:
        return None
    return statistics.median(vals)


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"
    return str(v)


def main(paths):
    rows = {}
    for p in paths:
        with open(p) as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    rows.setdefault(r["label"], []).append(r)
    print("| run | n | " + " | ".join(h for h, _, _ in COLS) + " | server CPU ms/msg | load avg |")
    print("|" + "---|" * (len(COLS) + 4))
    medians = {}
    for label, rs in rows.items():
        cove = "acceptedPerS" in rs[0]
        cells = []
        for h, ck, sk in COLS:
            key = ck if cove else sk
            if not cove and h == "clients":
                v = rs[0]["senders"] + rs[0]["receivers"]
            else:
                v = med([r.get(key) for r in rs]) if key else None
            cells.append(fmt(v))
        # Server CPU time per accepted message (ms): steadier than msg/s on a shared, loaded
        # machine, since it does not depend on how much CPU the server was given.
        cpu = med([(r.get("serverCPUPct" if cove else "server_cpu_pct") or 0) * 10 /
                   r.get("acceptedPerS" if cove else "msgs_per_s") for r in rs
                   if r.get("acceptedPerS" if cove else "msgs_per_s")])
        cells.append(fmt(cpu))
        medians[label] = med([r.get("acceptedPerS" if cove else "msgs_per_s") for r in rs])
        loads = ", ".join((r.get("loadAverage") or " ".join(r.get("loadavg", []))).split(" ")[0] for r in rs)
        print(f"| {label} | {len(rs)} | " + " | ".join(cells) + f" | {loads} |")
    # Each Cove shape against Synapse in the same shape (same client count) when there is one,
    # else against Synapse's first shape.
    synapse = {k.split("/", 1)[-1]: v for k, v in medians.items()
               if k.startswith("synapse") and "warmup" not in k and v}
    if synapse:
        first = next(iter(synapse.items()))
        print()
        print("Throughput as a multiple of Synapse on SQLite (medians, same shape where Synapse ran it):")
        for k, v in medians.items():
            if k.startswith("cove") and v:
                shape = k.split("/", 1)[-1]
                peer_shape, base = (shape, synapse[shape]) if shape in synapse else first
                print(f"- {k}: {v / base:.0f}x (synapse-sqlite/{peer_shape}, {base:.1f} msg/s)")

if __name__ == "__main__":
    main(sys.argv[1:])
