/**
 * The randomness lab's attacks as standard-library Python 3.8+ scripts, from the same inputs the
 * lab used: cloning CPython's generator from 624 `getrandbits(32)` outputs (untemper, then hand the
 * words to `random.setstate`) to predict the next key, and searching a window of time seeds for
 * the one whose `random.choice` key matches.
 */
import { assert } from '../../../core/result';
import { pythonString, wrapItems } from '../../../core/script';
import { MT_N } from './mt19937';

export interface CloneScriptInput {
  /** At least 624 consecutive `getrandbits(32)` outputs, oldest first. */
  outputs: readonly number[];
  alphabet: string;
  length: number;
}

/**
 * Clones from the outputs (embedded at the end of the script, or read from a file named on the
 * command line) and prints the key `''.join(random.choice(alphabet) for i in range(length))` that
 * comes next.
 */
export function cloneScript({ outputs, alphabet, length }: CloneScriptInput): string {
  assert(outputs.length >= MT_N, `clone script: needs ${MT_N} outputs`);
  assert(Number.isSafeInteger(length) && length > 0, 'clone script: bad key length');
  return String.raw`#!/usr/bin/env python3
"""Clone CPython's random from 624 getrandbits(32) outputs and predict its next key.

From Security Playground's randomness lab. random is a Mersenne Twister: 624 words of state, and
each getrandbits(32) output is one state word passed through an invertible scramble (tempering).
Undo it on 624 consecutive outputs and you hold the whole state: random.setstate takes it, and the
copy goes on exactly as the original does.

Standard library only, Python 3.8 or later:
    python3 mt_clone.py              # the outputs the lab showed (at the end of this file)
    python3 mt_clone.py outputs.txt  # your own: a printed list, or one number per line
"""
import random
import re
import sys

ALPHABET = ${pythonString(alphabet)}
LENGTH = ${length}


def undo_right(y, shift):
    """Inverts y ^= y >> shift: the top bits are already right, and each pass fixes shift more."""
    x = y
    for _ in range(32 // shift):
        x = y ^ (x >> shift)
    return x


def undo_left(y, shift, mask):
    """Inverts y ^= (y << shift) & mask, from the low bits up."""
    x = y
    for _ in range(32 // shift):
        x = y ^ ((x << shift) & mask)
    return x & 0xFFFFFFFF


def untemper(y):
    """The tempering of MT19937, undone step by step in reverse order."""
    y = undo_right(y, 18)
    y = undo_left(y, 15, 0xEFC60000)
    y = undo_left(y, 7, 0x9D2C5680)
    return undo_right(y, 11)


def main():
    text = open(sys.argv[1]).read() if len(sys.argv) > 1 else OUTPUTS
    outputs = [int(n) for n in re.findall(r'\d+', text)]
    if len(outputs) < 624:
        sys.exit('Cloning needs 624 consecutive outputs; there are %d.' % len(outputs))
    clone = random.Random()
    # Version 3 state: the 624 words and the position in them. 624 means "all used up": the next
    # call twists them, exactly as the original generator did after its 624th output.
    clone.setstate((3, tuple(untemper(y) for y in outputs[:624]) + (624,), None))
    for i, y in enumerate(outputs[624:], 625):
        if clone.getrandbits(32) != y:
            sys.exit('Value %d is not what the first 624 predict: not one unbroken stream.' % i)
    print('cloned from', len(outputs), 'outputs')
    print('next key:', ''.join(clone.choice(ALPHABET) for i in range(LENGTH)))


OUTPUTS = """
${wrapItems(outputs.map(String), '', 96, ' ')}
"""

if __name__ == '__main__':
    main()
`;
}

export interface SeedSearchScriptInput {
  /** First and last seed to try, inclusive. */
  from: number;
  to: number;
  alphabet: string;
  key: string;
}

/** Tries `random.seed(t)` for every t in the window and prints the one that makes the key. */
export function seedSearchScript({ from, to, alphabet, key }: SeedSearchScriptInput): string {
  assert(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from <= to, 'bad window');
  return String.raw`#!/usr/bin/env python3
"""Find the time seed of a key made right after random.seed(t).

From Security Playground's randomness lab. A key made with
    random.seed(int(time.time()))
    ''.join(random.choice(ALPHABET) for i in range(len(KEY)))
depends on one number an attacker can guess to within a day (86,400 seconds) or a few minutes:
try every seed in the window, and stop each try at its first wrong character (a day of seeds
takes a few seconds).

Standard library only, Python 3.8 or later:  python3 seed_search.py
"""
import random

ALPHABET = ${pythonString(alphabet)}
KEY = ${pythonString(key)}
FIRST, LAST = ${from}, ${to}  # the window of seeds to try (Unix times), inclusive

rng = random.Random()
for t in range(FIRST, LAST + 1):
    rng.seed(t)
    if all(rng.choice(ALPHABET) == c for c in KEY):
        print('seed found:', t)
        break
else:
    print('no seed from %d to %d makes this key' % (FIRST, LAST))
`;
}
