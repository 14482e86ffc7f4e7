#!/usr/bin/env python3
"""Independent RFC 9162 reference (hashlib only), written for Cove's tests.

Prints MTH roots, one inclusion path and one consistency proof for the entries
b"entry 0", b"entry 1", ... used by the Swift tests (makeLog). Its output is pasted into
CrossCheckTests.swift. Run: python3 Tests/CoveTransparencyTests/rfc9162_reference.py
"""
import hashlib

def leaf(d): return hashlib.sha256(b"\x00" + d).digest()
def node(l, r): return hashlib.sha256(b"\x01" + l + r).digest()

def k_of(n):
    k = 1
    while k * 2 < n: k *= 2
    return k

def mth(d):
    if len(d) == 0: return hashlib.sha256(b"").digest()
    if len(d) == 1: return leaf(d[0])
    k = k_of(len(d))
    return node(mth(d[:k]), mth(d[k:]))

def path(m, d):  # RFC 9162 2.1.3.1
    if len(d) <= 1: return []
    k = k_of(len(d))
    if m < k: return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]

def subproof(m, d, b):  # RFC 9162 2.1.4.1
    n = len(d)
    if m == n: return [] if b else [mth(d)]
    k = k_of(n)
    if m <= k: return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]

entries = [b"entry %d" % i for i in range(1025)]
for n in (1000, 1023, 1024, 1025):
    print("root", n, mth(entries[:n]).hex())
print("path 617 1000", [h.hex() for h in path(617, entries[:1000])])
print("consistency 377 1025", [h.hex() for h in subproof(377, entries[:1025], True)])
