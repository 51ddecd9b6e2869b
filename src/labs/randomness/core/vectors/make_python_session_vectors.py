#!/usr/bin/env python3
"""Makes python-session.json: what a Python session prints for the randomness lab's session cells.

Run with any CPython 3 (random's Mersenne Twister and getrandbits/choice have not changed since 3.2):
    python3 make_python_session_vectors.py > python-session.json

Each case is one session: random.seed(seed), then the lab's 624-output cell
(print([random.getrandbits(32) for _ in range(624)])), then the draws the page asks for, in order,
from the same generator: the next getrandbits(32) values, then the talk's key
''.join(random.choice(allowed_chars) for i in range(length)), then more getrandbits(32) values.
The clone must predict every draw from the 624 outputs alone.
"""
import json
import random
import sys

ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)'


def session(seed, next_count, alphabet, length, after_count):
    random.seed(seed)
    printed = [random.getrandbits(32) for _ in range(624)]
    draws = [{'kind': 'getrandbits', 'count': next_count,
              'values': [random.getrandbits(32) for _ in range(next_count)]}]
    key = ''.join(random.choice(alphabet) for i in range(length))
    draws.append({'kind': 'choice', 'alphabet': alphabet, 'length': length, 'key': key})
    draws.append({'kind': 'getrandbits', 'count': after_count,
                  'values': [random.getrandbits(32) for _ in range(after_count)]})
    return {'seed': seed, 'printed': printed, 'draws': draws}


print(json.dumps({
    'origin': 'CPython ' + sys.version.split()[0] + ', made by make_python_session_vectors.py',
    'sessions': [
        session(20261201, 5, ALPHABET, 32, 3),
        session(0, 10, 'abcdef0123456789', 50, 1),
        session(2**70 + 3, 1, '01', 200, 5),
    ],
}, indent=1))
