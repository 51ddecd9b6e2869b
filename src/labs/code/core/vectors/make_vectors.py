"""Vectors for the code lab's learner API, made with CPython (python3 make_vectors.py > api.json).

- hmac: hmac.new(key, message, name).hexdigest()
- hkdf: RFC 5869 with an empty salt, written out with hmac (CPython has no HKDF in the standard library)
- random: what CPython's random module returns after random.seed(n)
"""
import hashlib
import hmac
import json
import random
import sys


def hkdf(name, secret, info, length):
    size = hashlib.new(name).digest_size
    prk = hmac.new(b"\0" * size, secret, name).digest()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), name).digest()
        out += block
        counter += 1
    return out[:length]


cases = [
    (b"key", b"The quick brown fox jumps over the lazy dog"),
    (b"", b""),
    (bytes(range(256)), b"user=alice&role=user\x80\x00\x00\xff"),
    (b"k" * 200, b"a long key is hashed first"),
]
hmacs = [
    {"hash": name, "keyHex": key.hex(), "messageHex": msg.hex(), "hex": hmac.new(key, msg, name).hexdigest()}
    for name in ["md5", "sha1", "sha256", "sha512"]
    for key, msg in cases
]
hkdfs = [
    {"hash": name, "secretHex": secret.hex(), "infoHex": info.hex(), "length": length,
     "hex": hkdf(name, secret, info, length).hex()}
    for name in ["sha256", "sha512", "sha1"]
    for secret, info, length in [(b"master secret", b"signing:session", 32), (b"", b"", 16), (b"s" * 100, b"x", 100)]
]
randoms = []
for seed in [0, 42, 2012, 2**40 + 7]:
    r = random.Random(seed)
    randoms.append({
        "seed": seed,
        "getrandbits32": [r.getrandbits(32) for _ in range(5)],
        "getrandbits53": r.getrandbits(53),
        "random": r.random(),
        "randint1to6": [r.randint(1, 6) for _ in range(5)],
        "choice": "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(12)),
    })
json.dump({"origin": "CPython " + sys.version.split()[0] + ", make_vectors.py", "hmac": hmacs, "hkdf": hkdfs, "random": randoms}, sys.stdout, indent=1)
print()
