#!/usr/bin/env python3
"""Makes challenge-vectors.json: what CPython's `random` really gives for the randomness challenges.

Run with CPython 3.11 (the Lib/random.py the lab's port follows):
    python3 make_challenge_vectors.py > challenge-vectors.json

- "clone": a shop seeded with random.seed(n) makes an admin key, hands out `count` order numbers
  with getrandbits(32), then makes a reset key with ''.join(random.choice(alphabet) for _ in
  range(length)). The next-reset-key challenge predicts `reset_key` from the order numbers; the
  earlier-admin-key challenge recovers `admin_key` from them.
- "time_seed": random.seed(t) (t an int, as int(time.time()) gives), then your key, then the
  admin's key. The time-seeded challenge finds t in a window from your key and makes the admin's.

The alphabets have 32, 36, 50, 62 and 64 symbols, so choice's rejection sampling
(_randbelow_with_getrandbits: k = n.bit_length(), draw getrandbits(k) until it is below n) is
exercised both for powers of two (where half the draws are rejected) and between them.
"""
import json
import random
import sys

assert sys.version_info[:2] == (3, 11), 'made with CPython 3.11'

ALPHABETS = [
    'ABCDEFGHJKLMNPQRSTUVWXYZ23456789',
    'abcdefghijklmnopqrstuvwxyz0123456789',
    'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
]


def key(r, alphabet, length):
    return ''.join(r.choice(alphabet) for _ in range(length))


def clone_case(seed, alphabet, admin_length, count, length):
    r = random.Random(seed)
    admin_key = key(r, alphabet, admin_length)
    outputs = [r.getrandbits(32) for _ in range(count)]
    return {
        'seed': str(seed),
        'alphabet': alphabet,
        'admin_length': admin_length,
        'admin_key': admin_key,
        'outputs': outputs,
        'length': length,
        'reset_key': key(r, alphabet, length),
    }


def time_case(t, alphabet, length):
    r = random.Random()
    r.seed(t)
    return {
        'seed': t,
        'alphabet': alphabet,
        'length': length,
        'your_key': key(r, alphabet, length),
        'admin_key': key(r, alphabet, length),
    }


cases = [
    (1, 0, 24, 624, 16),
    (2**64 + 7, 1, 20, 650, 20),
    (-123456789, 2, 32, 700, 24),
    (3**300, 3, 24, 624, 32),
    (1712345678, 4, 16, 663, 18),
]
print(json.dumps({
    'source': 'CPython 3.11 random (make_challenge_vectors.py)',
    'clone': [clone_case(s, ALPHABETS[a], adm, n, l) for s, a, adm, n, l in cases],
    'time_seed': [time_case(t, ALPHABETS[i % len(ALPHABETS)], 16 + i)
                  for i, t in enumerate([1700000000, 1712345678, 1735689599, 1718000123])],
}, indent=1))
