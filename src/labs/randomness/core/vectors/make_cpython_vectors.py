#!/usr/bin/env python3
"""Makes cpython-more.json: CPython `random` outputs the lab's TypeScript port must reproduce.

Run with CPython 3.11 (the version whose Lib/random.py the port follows):
    python3 make_cpython_vectors.py > cpython-more.json

- "sequences": per seed (including 0, negatives and seeds wider than 64 bits), a list of calls on
  one random.Random(seed), in order, each with its result (big ints as decimal strings).
- "clone": a victim that makes a key, hands out 624 getrandbits(32) tokens, then makes another key:
  the attacker must predict the later key and recover the earlier one.
- "time_seed": keys made right after random.seed(t).
"""
import json
import random
import sys

assert sys.version_info[:2] == (3, 11), 'made with CPython 3.11'

ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)'
SEEDS = [0, 1, -1, 2, 42, -42, 5489, 19650218, 2**31 - 1, 2**32 - 1, 2**32, 2**32 + 1,
         -(2**32 + 1), 2**63 - 1, 2**64 - 1, 2**64, 2**64 + 5, -(2**64 + 5), 2**100 + 12345,
         12345678901234567890123456789, -(3**200), 1700000000, 1712345678]


def calls(seed):
    r = random.Random(seed)
    out = []

    def add(op, result, **args):
        out.append({'op': op, **args, 'result': result})

    for _ in range(3):
        add('random', r.random())
    for k in [0, 1, 5, 7, 31, 32, 33, 52, 63, 64, 65, 100, 128, 200]:
        add('getrandbits', str(r.getrandbits(k)), k=k)
    for n in [1, 2, 3, 10, 50, 62, 63, 64, 65, 1000, 2**31, 2**32 - 1, 2**32, 2**32 + 1,
              10**15, 2**53, 2**70 + 3]:
        add('randbelow', str(r._randbelow(n)), n=str(n))
    for args in [(10,), (3, 1000), (3, 1000, 7), (100, 0, -3), (-50, 50), (2**70,),
                 (-(2**65), 2**65, 12345), (0, 1), (5, -5, -1)]:
        add('randrange', str(r.randrange(*args)), args=[str(a) for a in args])
    for a, b in [(1, 6), (1, 6), (1, 6), (-(2**40), 2**40), (0, 0), (10**30, 10**30 + 10)]:
        add('randint', str(r.randint(a, b)), args=[str(a), str(b)])
    add('choice', ''.join(r.choice(ALPHABET) for _ in range(32)), alphabet=ALPHABET, length=32)
    add('choice', ''.join(r.choice('01') for _ in range(20)), alphabet='01', length=20)
    items = list(range(20))
    r.shuffle(items)
    add('shuffle', items, n=20)
    items = list(range(300))
    r.shuffle(items)
    add('shuffle', items, n=300)
    add('random', r.random())
    return {'seed': str(seed), 'calls': out}


def clone_case(seed, earlier_length, earlier_alphabet, tokens_before, later_length, alphabet):
    r = random.Random(seed)
    earlier_key = ''.join(r.choice(earlier_alphabet) for _ in range(earlier_length))
    unseen = [r.getrandbits(32) for _ in range(tokens_before)]
    observed = [r.getrandbits(32) for _ in range(624)]
    state_after = r.getstate()
    next_key = ''.join(r.choice(alphabet) for _ in range(later_length))
    r.setstate(state_after)
    next_outputs = [r.getrandbits(32) for _ in range(10)]
    return {
        'seed': str(seed),
        'earlier_alphabet': earlier_alphabet,
        'earlier_key': earlier_key,
        'unseen_tokens_before': unseen,
        'observed_getrandbits32': observed,
        'alphabet': alphabet,
        'next_key': next_key,
        'next_getrandbits32': next_outputs,
    }


def time_case(seed, alphabet, length):
    random.seed(seed)
    return {'seed': seed, 'alphabet': alphabet, 'length': length,
            'key': ''.join(random.choice(alphabet) for _ in range(length))}


print(json.dumps({
    'origin': 'CPython ' + sys.version.split()[0] + ', made by make_cpython_vectors.py',
    'sequences': [calls(s) for s in SEEDS],
    'clone': [
        clone_case(2024, 32, ALPHABET, 0, 50, ALPHABET),
        clone_case(-7, 16, 'abcdef0123456789', 5, 24, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'),
        clone_case(2**80 + 1, 40, ALPHABET, 1000, 12, '0123456789'),
        clone_case(0, 100, 'abc', 3, 300, ALPHABET),
    ],
    'time_seed': [
        time_case(0, ALPHABET, 32),
        time_case(1, 'abcdefghijklmnopqrstuvwxyz0123456789', 32),
        time_case(86399, ALPHABET, 24),
        time_case(1700001389, 'abcdefghijklmnopqrstuvwxyz0123456789', 32),
        time_case(2**31 - 1, '0123456789abcdef', 40),
        time_case(2**32 - 1, ALPHABET, 32),
        time_case(2**32 + 7, ALPHABET, 32),
        time_case(-12, ALPHABET, 32),
        time_case(1712345678, ALPHABET, 200),
    ],
}, indent=1))
