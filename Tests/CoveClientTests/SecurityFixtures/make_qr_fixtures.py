#!/usr/bin/env python3
"""Reference QR matrices for SecurityQRCodeTests, made with segno (an independent encoder).

    pip install segno==1.6.6 qrcode==8.2 && python3 make_qr_fixtures.py

One deviation of segno is patched: segno 1.6.6's write_padding_bits appends eight zero bits
when the bit stream is already on a codeword boundary (it computes 8 - len % 8, not
(8 - len % 8) % 8), so in byte mode, where mode + count + data + terminator always ends on a
boundary, it emits an extra 0x00 codeword where ISO/IEC 18004 section 7.4.10 puts the pad
codeword 0xEC. The patch below restores the standard's rule; everything else (codewords, Reed-
Solomon, placement, masking and mask evaluation, format and version information) is segno's.
Every fixed-mask case is also cross-checked against a second library, python-qrcode, which
follows section 7.4.10 without a patch.
Writes qr_fixtures.json: for each case the input bytes (hex), the level, whether version and
mask were chosen by the encoder ("auto") or fixed, segno's version and mask, and the module
matrix without quiet zone as rows of "0"/"1" (1 = dark). Not run in CI.
"""
import hashlib
import json
import os

import qrcode
import segno
from segno import consts, encoder


def _padding_bits_per_standard(buff, version, length):
    if version not in (consts.VERSION_M1, consts.VERSION_M3):
        buff.extend([0] * ((8 - length % 8) % 8))


encoder.write_padding_bits = _padding_bits_per_standard

cases = []


def python_qrcode_rows(data, level, version, mask):
    levels = {"l": qrcode.constants.ERROR_CORRECT_L, "m": qrcode.constants.ERROR_CORRECT_M}
    qr = qrcode.QRCode(version=version, error_correction=levels[level], border=0, mask_pattern=mask)
    qr.add_data(qrcode.util.QRData(data, mode=qrcode.util.MODE_8BIT_BYTE))
    qr.make(fit=False)
    return ["".join("1" if m else "0" for m in row) for row in qr.get_matrix()]


def add(name, data, level, version=None, mask=None):
    qr = segno.make(data, error=level, version=version, mask=mask, mode="byte",
                    boost_error=False, micro=False)
    rows = ["".join("1" if m else "0" for m in row) for row in qr.matrix_iter(scale=1, border=0)]
    if mask is not None:
        assert rows == python_qrcode_rows(data, level, qr.version, mask), name
    cases.append({
        "name": name, "data": data.hex(), "level": level.upper(),
        "autoVersion": version is None, "autoMask": mask is None,
        "version": qr.version, "mask": qr.mask, "rows": rows,
    })


digits = "".join(str(int(b) % 10) for b in hashlib.sha256(b"cove").digest())[:60]
safety = ("cove-sn-v0:" + (digits * 2)[:60]).encode()

# Every mask on one small symbol.
for m in range(8):
    add("v1-M-mask%d" % m, b"HELLO cove", "m", version=1, mask=m)
# Every mask on a symbol with version information and several blocks.
for m in range(8):
    add("v7-L-mask%d" % m, bytes(range(100)), "l", version=7, mask=m)
# Fixed masks at larger versions (more blocks, long and short blocks interleaved).
for v, level, m in [(15, "m", 3), (25, "l", 6), (40, "m", 7)]:
    add("v%d-%s-mask%d" % (v, level.upper(), m), bytes(range(200)), level, version=v, mask=m)
# Automatic version and mask.
add("safety-number-M", safety, "m")
add("safety-number-L", safety, "l")
add("empty-M", b"", "m")
add("hello-L", b"hello", "l")
add("all-bytes-L", bytes(range(256)), "l")
add("utf8-M", "zoë 🔐 verify".encode(), "m")
# Fixed, larger-than-needed versions (padding codewords) across the range, automatic mask.
for v, level in [(2, "m"), (3, "l"), (4, "m"), (5, "l"), (6, "m"), (8, "m"), (9, "l"), (10, "m"),
                 (11, "l"), (13, "m"), (14, "m"), (17, "l"), (21, "m"), (27, "l"), (32, "m"), (36, "l")]:
    add("v%d-%s-short" % (v, level.upper()), b"cove verify alice", level, version=v)
# Full capacity at the largest versions; data from a hash chain so it is not repetitive.
def stream(n):
    out, h = b"", b"cove-qr"
    while len(out) < n:
        h = hashlib.sha256(h).digest()
        out += h
    return out[:n]
add("v40-L-full", stream(2953), "l", version=40)
add("v40-M-full", stream(2331), "m", version=40)
add("v10-M-full", stream(213), "m")

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "qr_fixtures.json")
with open(path, "w") as f:
    json.dump({"generator": "segno " + segno.__version__, "cases": cases}, f, indent=0)
    f.write("\n")
print(len(cases), "cases")
