#!/usr/bin/env python3
"""Seeds each fuzz target's corpus from the MLS interop vectors.

Usage: seed-corpus.py VECTORS_DIR OUT_DIR
Writes OUT_DIR/<target>/<sha256> files (deduplicated). MLSMessage-wrapped values seed
FuzzMLSMessage whole and the bare-struct targets with the 4-byte MLSMessage header
(version, wire_format) stripped.
"""
import glob, hashlib, json, os, sys

vectors, out = sys.argv[1], sys.argv[2]
seeds = {t: set() for t in ["FuzzMLSMessage", "FuzzKeyPackage", "FuzzWelcome", "FuzzGroupInfo", "FuzzRatchetTree", "FuzzGroup"]}
bare = {"mls_welcome": "FuzzWelcome", "mls_group_info": "FuzzGroupInfo", "mls_key_package": "FuzzKeyPackage",
        "welcome": "FuzzWelcome", "key_package": "FuzzKeyPackage"}

def add(target, hexstr):
    if isinstance(hexstr, str) and hexstr:
        seeds[target].add(bytes.fromhex(hexstr))

def message(hexstr):
    add("FuzzMLSMessage", hexstr)
    add("FuzzGroup", hexstr)

files = glob.glob(os.path.join(vectors, "*.json")) + glob.glob(os.path.join(vectors, "interop-passive", "*.json"))
for path in files:
    for entry in json.load(open(path)):
        if not isinstance(entry, dict):
            continue
        for key, value in entry.items():
            if key in bare and isinstance(value, str):
                message(value)
                add(bare[key], value[8:])  # strip version + wire_format
            elif key.startswith(("public_message", "private_message")):
                message(value)
            elif key in ("ratchet_tree", "tree_before", "tree_after", "tree"):
                add("FuzzRatchetTree", value)
        for epoch in entry.get("epochs", []) if isinstance(entry.get("epochs"), list) else []:
            for p in epoch.get("proposals", []):
                message(p)
            message(epoch.get("commit"))

for target, items in seeds.items():
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    # Cap the seed count so a 10-minute run spends its time mutating, not replaying seeds.
    # Sample evenly across sizes so large values (commits with paths, big trees) stay in.
    ordered = sorted(items, key=lambda b: (len(b), b))
    step = max(1, len(ordered) / 2000)
    for blob in [ordered[int(i * step)] for i in range(min(2000, len(ordered)))]:
        name = hashlib.sha256(blob).hexdigest()
        p = os.path.join(d, name)
        if not os.path.exists(p):
            open(p, "wb").write(blob)
    print(f"{target}: {len(items)} seeds", file=sys.stderr)
