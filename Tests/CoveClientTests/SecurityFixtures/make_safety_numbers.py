#!/usr/bin/env python3
"""Independent reference for Cove's safety numbers (docs/safety-numbers.md), standard library only.

Writes safety_numbers.json, read by SecuritySafetyNumberTests. Not run in CI: run it by hand
after changing the construction (which also needs a new version number).
"""
import hashlib
import json
import os
import struct

VERSION = 0
ITERATIONS = 5200


def fingerprint(user: str, keys: list[bytes]) -> str:
    material = b"".join(struct.pack(">H", len(k)) + k for k in sorted(set(keys)))
    u = user.encode("utf-8")
    h = hashlib.sha512(struct.pack(">HH", VERSION, len(u)) + u + material).digest()
    for _ in range(ITERATIONS):
        h = hashlib.sha512(h + material).digest()
    return "".join("%05d" % (int.from_bytes(h[i:i + 5], "big") % 100000) for i in range(0, 30, 5))


def safety_number(a_user, a_keys, b_user, b_keys) -> str:
    a, b = fingerprint(a_user, a_keys), fingerprint(b_user, b_keys)
    return a + b if a < b else b + a


def key(seed: int) -> bytes:
    # Deterministic 32-byte "Ed25519 public keys": SHA-256 of a seed.
    return hashlib.sha256(b"cove-test-key-%d" % seed).digest()


cases = [
    ("alice", [key(1)], "bob", [key(2)]),
    ("alice", [key(1), key(3)], "bob", [key(2)]),
    ("alice", [key(3), key(1)], "bob", [key(2), key(4), key(5)]),
    ("zoë", [key(6)], "bob", [key(2)]),
    ("carol", [bytes(32)], "dave", [b"\xff" * 32, bytes(range(32))]),
]
out = []
for a_user, a_keys, b_user, b_keys in cases:
    out.append({
        "localUser": a_user, "localKeys": [k.hex() for k in a_keys],
        "remoteUser": b_user, "remoteKeys": [k.hex() for k in b_keys],
        "localFingerprint": fingerprint(a_user, a_keys),
        "remoteFingerprint": fingerprint(b_user, b_keys),
        "safetyNumber": safety_number(a_user, a_keys, b_user, b_keys),
    })
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "safety_numbers.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write("\n")
