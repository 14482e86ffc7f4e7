# Extracts the RFC 9180 Appendix A base-mode vectors for the KEMs/KDFs/AEADs Cove implements
# from swift-crypto 4.5.2's copy of the official test-vectors.json.
import json, sys
src = json.load(open(sys.argv[1]))
keep = ["mode", "kem_id", "kdf_id", "aead_id", "info", "ikmR", "ikmE", "skRm", "pkRm", "skEm", "pkEm",
        "enc", "shared_secret", "key", "base_nonce", "exporter_secret", "exports"]
out = []
for e in src:
    if e["mode"] != 0 or e["kem_id"] not in (0x10, 0x11, 0x12, 0x20) or e["kdf_id"] not in (1, 2, 3) \
            or e["aead_id"] not in (1, 2, 3, 0xffff):
        continue
    v = {k: e[k] for k in keep}
    v["encryptions"] = e["encryptions"][:1]
    out.append(v)
json.dump(out, open(sys.argv[2], "w"), indent=1, sort_keys=True)
print(len(out))
