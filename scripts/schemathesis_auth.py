#!/usr/bin/env python3
"""Registers a throwaway account on a Cove server and prints a bearer token for it.

Used by scripts/schemathesis.sh so schemathesis also exercises the authenticated endpoints.
The device proves possession of its Ed25519 key as every client does: it signs
"cove-auth-v1" || 0x00 || deviceId || 0x00 || nonce (see openapi.yaml, /v1/auth/token).
"""
import base64
import json
import secrets
import sys
import urllib.request

from nacl.signing import SigningKey


def post(base, path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def main():
    base = sys.argv[1].rstrip("/")
    key = SigningKey.generate()
    public = base64.b64encode(bytes(key.verify_key)).decode()
    username = "fuzz-" + secrets.token_hex(6)
    registered = post(base, "/v1/accounts", {"username": username, "device": {"name": "schemathesis", "signatureKey": public}})
    device_id = registered["deviceId"]
    challenge = post(base, "/v1/auth/challenge", {"deviceId": device_id})
    nonce = base64.b64decode(challenge["nonce"])
    signed = b"cove-auth-v1" + b"\x00" + device_id.encode() + b"\x00" + nonce
    signature = base64.b64encode(key.sign(signed).signature).decode()
    token = post(base, "/v1/auth/token", {"deviceId": device_id, "challengeId": challenge["challengeId"], "signature": signature})
    print(token["token"])


if __name__ == "__main__":
    main()
