/**
 * The timing attack as a standard-library Python 3.8+ script: a stand-in server with the lab's
 * settings (tag, compare, cost per byte, the noise model of noise.ts) behind one oracle function,
 * and the attack the lab runs (attack.ts): calibration, Wald's sequential test per candidate with
 * clipped samples and a confirmation, backtracking, the last byte read from the server's answer.
 * Deterministic for a seed; it recovers the same tag the lab did.
 */
import { assert } from '../../../core/result';
import { pythonFloat, pythonString } from '../../../core/script';
import type { CompareKind } from './compares';
import { noiseModel } from './noise';

export interface AttackScriptInput {
  /** The server's tag in hex (the lab reveals it after its attack). */
  tagHex: string;
  compare: CompareKind;
  perByteNs: number;
  jitterNs: number;
  /** The network preset's base round trip; the lab's default when left out. */
  baseNs?: number;
  /** The script's default seed (another can be given on the command line). */
  seed?: number;
  maxQueries?: number;
}

export function attackScript(input: AttackScriptInput): string {
  const { tagHex, compare, perByteNs, jitterNs } = input;
  assert(/^([0-9a-f]{2})+$/.test(tagHex), 'attack script: the tag is not lower-case hex');
  const noise = noiseModel(jitterNs, input.baseNs);
  const seed = input.seed ?? 1;
  const maxQueries = input.maxQueries ?? 50_000_000;
  const compareText =
    compare === 'early-exit' ? 'an early-exit compare (==)' : 'a constant-time compare';
  return String.raw`#!/usr/bin/env python3
"""Timing attack: recover a server's tag from its response times alone, with sequential tests.

From Security Playground's timing lab, with the lab's settings, in a compact version of the lab's
attack. The stand-in server here checks each guess with ${compareText}.
An answer takes BASE_NS, plus PER_BYTE_NS for every byte compared, plus noise (normal, standard
deviation JITTER_NS, and now and then a hiccup), as the lab simulates it. The attacker only calls
oracle(guess) -> (accepted, nanoseconds): time real requests there instead and the same attack
runs against a real server.

1. Calibrate: a guess of the wrong length is refused before any byte is compared, a guess with a
   wrong first byte after one. The difference is what one byte costs (delta); the spread of the
   times is the noise (sigma).
2. For each byte, try the candidates in random order with Wald's sequential probability ratio
   test: "this guess costs one byte more than a wrong one" against "it does not". A wrong guess
   is dropped after a few samples; the right one is accepted once the evidence is strong enough,
   then confirmed on fresh samples.
3. If no candidate stands out, the previous byte was wrong, unless a re-check says it still looks
   right: back up (backtrack) and ban it.
4. The last byte needs no timing: the server says which guess is valid.

Standard library only, Python 3.8 or later. Deterministic for a seed:
    python3 timing_attack.py [seed]
"""
import math
import random
import statistics
import sys

TAG = bytes.fromhex(${pythonString(tagHex)})  # the server's secret tag, as the lab revealed it
COMPARE = ${pythonString(compare)}  # how the server compares: 'early-exit' (==) or 'constant-time'
PER_BYTE_NS = ${pythonFloat(perByteNs)}  # what comparing one byte costs
JITTER_NS = ${pythonFloat(jitterNs)}  # the network's noise (standard deviation)
BASE_NS = ${pythonFloat(noise.baseNs)}  # the round trip that does not depend on the guess
HICCUP_RATE, HICCUP_SCALE = ${pythonFloat(noise.outlierRate)}, ${pythonFloat(noise.outlierScale)}  # share of answers delayed, mean delay in jitters
SEED = int(sys.argv[1]) if len(sys.argv) > 1 else ${seed}
ALPHA, BETA = 1e-4, 0.01  # chance of accepting a given wrong byte, of rejecting the right one
MAX_QUERIES = ${maxQueries}
MAX_CALIBRATION = 1 << 20  # samples of each kind before concluding there is no leak


def make_server(tag, rng):
    """The stand-in server: oracle(guess) -> (accepted, response time in ns)."""
    def oracle(guess):
        if len(guess) != len(tag):
            compared = 0
        elif COMPARE == 'early-exit':
            compared = next((i + 1 for i in range(len(tag)) if guess[i] != tag[i]), len(tag))
        else:
            compared = len(tag)
        noise = rng.gauss(0, JITTER_NS)
        if rng.random() < HICCUP_RATE:
            noise += rng.expovariate(1) * HICCUP_SCALE * JITTER_NS
        return guess == tag, max(0.0, BASE_NS + compared * PER_BYTE_NS + noise)
    return oracle


class GaveUp(Exception):
    pass


def robust_sigma(xs):
    """The median absolute deviation, scaled to estimate a normal standard deviation."""
    m = statistics.median(xs)
    return 1.4826 * statistics.median([abs(x - m) for x in xs])


def attack(oracle, length, rng):
    """The tag, from oracle's answers and times alone (raises GaveUp, with the reason)."""
    queries = 0

    def ask(guess):
        nonlocal queries
        if queries >= MAX_QUERIES:
            raise GaveUp('the budget of %d queries ran out' % MAX_QUERIES)
        queries += 1
        return oracle(bytes(guess))

    def time(guess):
        return ask(guess)[1]

    def median_se(n):
        """Standard error of a median of n samples: 1.2533 sigma / sqrt(n)."""
        return 1.2533 * sigma / math.sqrt(n)

    # 1. Calibration: more and more samples, until the difference is clear.
    sigma, delta = 1.0, 0.0
    if length > 1:
        n, zero, one = 64, [], []
        while True:
            while len(one) < n:
                zero.append(time([0] * (length - 1)))
                one.append(time([rng.randrange(256)] + [0] * (length - 1)))
            sigma = max(robust_sigma(zero), robust_sigma(one), 1e-6)
            delta = statistics.median(one) - statistics.median(zero)
            if delta > 6 * median_se(n) * math.sqrt(2):
                break
            if n >= MAX_CALIBRATION:
                raise GaveUp('a wrong-length guess and a wrong first byte took the same time: '
                             'whatever the compare costs per byte is buried in the noise here')
            n *= 2
        # Stopping at the first clear look favours looks that overstate delta: measure it afresh.
        zero = [time([0] * (length - 1)) for _ in range(n)]
        one = [time([rng.randrange(256)] + [0] * (length - 1)) for _ in range(n)]
        delta = max(statistics.median(one) - statistics.median(zero), 3 * median_se(n))
        sigma = max(sigma, delta / 8)
        print('calibrated: one compared byte costs about %.3g ns, noise sigma %.3g ns (%d queries)'
              % (delta, sigma, queries))
    ratio = (sigma / delta) ** 2 if delta > 0 else 0
    upper, lower = math.log((1 - BETA) / ALPHA), math.log(BETA / (1 - ALPHA))

    def find_byte(prefix, banned):
        """2. The byte after prefix, by sequential tests; None if no candidate stands out."""
        def guess(c):
            return prefix + [c] + [0] * (length - len(prefix) - 1)
        # The level to beat: random guesses here are wrong 255 times in 256. Samples are clipped
        # around it, so a hiccup cannot decide a test on its own.
        wrong = [time(guess(rng.randrange(256))) for _ in range(math.ceil(128 * ratio) + 16)]
        center = statistics.median(wrong)
        low, high = center - 4 * sigma, center + delta + 4 * sigma
        clip = lambda x: min(high, max(low, x))
        mu0 = statistics.fmean(clip(x) for x in wrong)
        cap, confirmations = math.ceil(60 * ratio) + 20, math.ceil(64 * ratio) + 8
        order = [c for c in range(256) if c not in banned]
        rng.shuffle(order)
        for _ in range(2):
            means = {}
            for c in order:
                llr, n, total = 0.0, 0, 0.0
                while lower < llr < upper and n < cap:
                    x = clip(time(guess(c)))
                    llr += delta / sigma ** 2 * (x - mu0 - delta / 2)
                    n, total = n + 1, total + x
                means[c] = total / n
                if llr < upper:
                    continue
                # Confirm on fresh samples: the test stopped on a high run.
                level = statistics.fmean(clip(time(guess(c))) for _ in range(confirmations))
                if (level - mu0 - delta / 2) / (sigma / math.sqrt(confirmations)) >= 1:
                    return c
            # Bad luck can throw out the right byte (BETA): once more, the slowest first.
            order = sorted(means, key=means.get, reverse=True)
        return None

    def last_byte(prefix, banned):
        """4. The server's own answer tells the last byte."""
        for c in range(256):
            if c not in banned and ask(prefix + [c])[0]:
                return c
        return None

    def still_looks_right(prefix):
        """Before blaming the previous byte: is a guess with it still slower than one without?"""
        n = math.ceil(64 * ratio) + 16
        other = prefix[:-1] + [(prefix[-1] + 1 + rng.randrange(255)) % 256]
        pad = [0] * (length - len(prefix))
        right = [time(prefix + pad) for _ in range(n)]
        wrong = [time(other + pad) for _ in range(n)]
        return statistics.median(right) - statistics.median(wrong) > 2 * median_se(n) * math.sqrt(2)

    found, banned, backtracks = [], [set() for _ in range(length)], 0
    while len(found) < length:
        p = len(found)
        byte = (last_byte if p == length - 1 else find_byte)(found, banned[p])
        if byte is not None:
            found.append(byte)
            print('byte %d: %02x  (%d queries so far)' % (p, byte, queries))
            continue
        if p == 0:
            raise GaveUp('no candidate for byte 0 took longer than the others: the compare does '
                         'not stop early, so its time says nothing about the tag')
        if backtracks >= 2 * length + 4:
            raise GaveUp('gave up after %d backtracks: the noise is too high for these settings'
                         % backtracks)
        backtracks += 1
        banned[p].clear()
        if still_looks_right(found):
            print('nothing stood out at byte %d; byte %d still looks right: trying again' % (p, p - 1))
            continue
        banned[p - 1].add(found.pop())
        print('nothing stood out at byte %d: byte %d was wrong, backtracking' % (p, p - 1))
    return bytes(found), queries, backtracks


if __name__ == '__main__':
    oracle = make_server(TAG, random.Random(2 * SEED + 1))
    try:
        recovered, queries, backtracks = attack(oracle, len(TAG), random.Random(2 * SEED))
    except GaveUp as reason:
        print('not recovered:', reason)
    else:
        print('recovered: %s with %d queries and %d backtracks; the server accepts it: %s'
              % (recovered.hex(), queries, backtracks, oracle(recovered)[0]))
`;
}
