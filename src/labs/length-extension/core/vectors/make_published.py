"""Builds published.json: the examples printed in the hash_extender and HashPump READMEs.

Run with `python3 make_published.py > published.json` (CPython 3.11, standard library only).

hash_extender (github.com/iagox86/hash_extender, README "Usage"): md5, secret "secret", data "data",
append "append", secret length 6. The original signature and the forged one are checked with
hashlib, since the secret is known.

HashPump (github.com/bwall/HashPump, README "Usage"): sha1, key length 14, data
`count=10&lat=37.351&user_id=1&long=-119.827&waffle=eggo`, append `&waffle=liege`, signature
6d5f807e23db210bc254a28be2d6759a0f5f5d99. Its README does not print the key, so these inputs were
written down from memory of the README and then confirmed: continuing SHA-1 from the signature over
the glue padding and the appended data (a small pure-Python SHA-1 compression below) gives exactly
the README's published result 0e41270260895979317fff3898ab85668953aaa2. A wrong signature, data,
append or key length would not.
"""
import hashlib
import json
import struct


def md_padding(length, little_endian):
    pad = b"\x80" + b"\x00" * ((55 - length) % 64)
    return pad + struct.pack("<Q" if little_endian else ">Q", length * 8)


def rotl(x, n):
    return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF


def sha1_compress(state, block):
    w = list(struct.unpack(">16I", block))
    for t in range(16, 80):
        w.append(rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1))
    a, b, c, d, e = state
    for t in range(80):
        if t < 20:
            f, k = (b & c) | (~b & d), 0x5A827999
        elif t < 40:
            f, k = b ^ c ^ d, 0x6ED9EBA1
        elif t < 60:
            f, k = (b & c) | (b & d) | (c & d), 0x8F1BBCDC
        else:
            f, k = b ^ c ^ d, 0xCA62C1D6
        a, b, c, d, e = (rotl(a, 5) + f + e + k + w[t]) & 0xFFFFFFFF, a, rotl(b, 30), c, d
    return [(x + y) & 0xFFFFFFFF for x, y in zip(state, (a, b, c, d, e))]


def sha1_resume(digest_hex, processed, data):
    state = list(struct.unpack(">5I", bytes.fromhex(digest_hex)))
    tail = data + md_padding(processed + len(data), little_endian=False)
    for i in range(0, len(tail), 64):
        state = sha1_compress(state, tail[i : i + 64])
    return struct.pack(">5I", *state).hex()


def sha1_self_test():
    # The pure-Python continuation agrees with hashlib when the state is known.
    secret_message = b"k" * 70
    head = secret_message[:64]
    tag = hashlib.sha1(head).hexdigest()
    glue = md_padding(64, little_endian=False)
    assert sha1_resume(tag, 128, b"more") == hashlib.sha1(head + glue + b"more").hexdigest()


def hash_extender():
    secret, data, append = b"secret", b"data", b"append"
    signature = hashlib.md5(secret + data).hexdigest()
    new_data = data + md_padding(len(secret) + len(data), little_endian=True) + append
    new_signature = hashlib.md5(secret + new_data).hexdigest()
    assert new_signature == "6ee582a1669ce442f3719c47430dadee"
    return {
        "name": "hash_extender README",
        "source": "https://github.com/iagox86/hash_extender (README, Usage); checked with hashlib",
        "algorithm": "md5",
        "secret_length": len(secret),
        "secret_hex": secret.hex(),
        "data_hex": data.hex(),
        "signature_hex": signature,
        "append_hex": append.hex(),
        "new_data_hex": new_data.hex(),
        "new_signature_hex": new_signature,
    }


def hashpump():
    key_length = 14
    data = b"count=10&lat=37.351&user_id=1&long=-119.827&waffle=eggo"
    append = b"&waffle=liege"
    signature = "6d5f807e23db210bc254a28be2d6759a0f5f5d99"
    glue = md_padding(key_length + len(data), little_endian=False)
    processed = key_length + len(data) + len(glue)
    new_signature = sha1_resume(signature, processed, append)
    assert new_signature == "0e41270260895979317fff3898ab85668953aaa2", new_signature
    return {
        "name": "HashPump README",
        "source": "https://github.com/bwall/HashPump (README, Usage); result reproduced by the pure-Python SHA-1 continuation in make_published.py",
        "algorithm": "sha1",
        "secret_length": key_length,
        "data_hex": data.hex(),
        "signature_hex": signature,
        "append_hex": append.hex(),
        "new_data_hex": (data + glue + append).hex(),
        "new_signature_hex": new_signature,
    }


if __name__ == "__main__":
    sha1_self_test()
    print(json.dumps([hash_extender(), hashpump()], indent=1))
