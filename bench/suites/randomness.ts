/**
 * Randomness: cloning CPython's generator from 624 outputs, the time-seed search rate, and
 * Math.random state recovery for each engine model; the same seed search and clone in CPython in
 * the same run (when python3 is present), as ratios.
 */
import { spawnSync } from 'node:child_process';
import {
  cloneFromOutputs,
  detectAndPredict,
  EngineMathRandom,
  PythonRandom,
  keyForSeed,
  predictAfter,
  searchSeeds,
} from '../../src/labs/randomness/core';
import { figure, timeRuns, type Figure, type Suite } from '../lib';

const SUITE = 'randomness';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const DAY = 86_400;

const PY_SEARCH = `
import random, sys, time, json
alphabet, key, start, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
t0 = time.perf_counter()
found = None
for t in range(start, start + count):
    random.seed(t)
    if ''.join(random.choice(alphabet) for _ in range(32)) == key:
        found = t
        break
print(json.dumps({"seconds": time.perf_counter() - t0, "tried": count if found is None else found - start + 1, "found": found}))
`;

const PY_CLONE = `
import random, sys, time, json
outputs = json.loads(sys.stdin.read())
def untemper(y):
    y ^= y >> 18
    y ^= (y << 15) & 0xefc60000
    r = y
    for _ in range(5): r = y ^ ((r << 7) & 0x9d2c5680)
    y = r & 0xffffffff
    r = y
    for _ in range(3): r = y ^ (r >> 11)
    return r & 0xffffffff
t0 = time.perf_counter()
state = [untemper(o) for o in outputs[:624]]
clone = random.Random()
clone.setstate((3, tuple(state + [624]), None))
nxt = [clone.getrandbits(32) for _ in range(10)]
print(json.dumps({"seconds": time.perf_counter() - t0, "next": nxt}))
`;

export const randomnessSuite: Suite = {
  name: SUITE,
  async run(ctx) {
    const figures: Figure[] = [];
    const runs = Math.max(5, Math.round(20 * ctx.scale));

    // Clone from 624 getrandbits(32) outputs and predict the next ten.
    const victim = new PythonRandom(20261128);
    const outputs = Array.from({ length: 624 }, () => victim.getrandbits32(32));
    const truth = Array.from({ length: 10 }, () => victim.getrandbits32(32));
    let cloneOk = false;
    const clone = await timeRuns(() => {
      const c = cloneFromOutputs(outputs);
      if (!c.ok) throw new Error(c.error.message);
      cloneOk = JSON.stringify(predictAfter(c.value, { next: 10 }).next) === JSON.stringify(truth);
    }, runs);
    figures.push(
      figure(
        SUITE,
        'clone CPython random from 624 outputs + predict 10',
        'ms',
        clone,
        'lower',
        undefined,
        cloneOk ? 'predictions match' : 'check predictions',
      ),
    );

    // A day of seconds: the key is made at the last second of the window, so every seed is tried.
    const start = 1_700_000_000;
    const key = keyForSeed(start + DAY - 1, ALPHABET, 32);
    let found: number | null = null;
    const search = await timeRuns(
      () => {
        found = searchSeeds({ from: start, to: start + DAY - 1, alphabet: ALPHABET, key }).seed;
      },
      Math.max(3, Math.round(10 * ctx.scale)),
      1,
    );
    figures.push(
      figure(
        SUITE,
        'seed search, one day (86,400 seeds)',
        'ms',
        search,
        'lower',
        { max: 1000, text: '< 1 s in Node' },
        found === start + DAY - 1 ? 'seed found' : 'seed NOT found',
      ),
    );
    const rates = search.map((ms) => DAY / (ms / 1000));
    figures.push(figure(SUITE, 'seed search rate', 'seeds/s', rates, 'higher'));

    const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
    if (python.status === 0) {
      const count = Math.round(20_000 * Math.max(ctx.scale, 0.5));
      const pyRates: number[] = [];
      for (let i = 0; i < 3; i++) {
        const out = spawnSync(
          'python3',
          ['-c', PY_SEARCH, ALPHABET, 'x'.repeat(32), String(start), String(count)],
          { encoding: 'utf8' },
        );
        const result = JSON.parse(out.stdout);
        pyRates.push(result.tried / result.seconds);
      }
      figures.push(
        figure(
          SUITE,
          `CPython seed search rate (${python.stdout.trim()})`,
          'seeds/s',
          pyRates,
          'higher',
        ),
      );
      const ratio = rates.map((r) => r / (pyRates.sort((a, b) => a - b)[1] ?? pyRates[0]!));
      figures.push(
        figure(SUITE, 'seed search: playground ÷ CPython', '×', ratio, 'higher', {
          min: 3,
          text: 'aim: several times CPython',
        }),
      );
      const pyClone: number[] = [];
      for (let i = 0; i < 5; i++) {
        const out = spawnSync('python3', ['-c', PY_CLONE], {
          input: JSON.stringify(outputs),
          encoding: 'utf8',
        });
        const result = JSON.parse(out.stdout);
        if (JSON.stringify(result.next) !== JSON.stringify(truth))
          throw new Error('CPython clone mispredicted');
        pyClone.push(result.seconds * 1000);
      }
      figures.push(
        figure(SUITE, 'CPython clone from 624 outputs + predict 10', 'ms', pyClone, 'lower'),
      );
    } else {
      ctx.log('python3 not found: CPython comparison skipped');
    }

    // Math.random state recovery, each engine model, from simulated outputs of that engine.
    const models = [
      {
        label: 'V8 7.1–14.3 (Node 20): state0 alone, caches backwards, linear',
        make: () => EngineMathRandom.v8FromSeed('v8-legacy', 12345n, 11),
        observe: 6,
      },
      {
        label: 'V8 ≥ 14.4 in step order (Chromium 156): (s0+s1)>>11, SAT',
        make: () => EngineMathRandom.v8FromSeed('v8-sum', 12345n),
        observe: 5,
      },
      {
        label: 'V8 ≥ 14.4, caches backwards: (s0+s1)>>11, SAT',
        make: () => EngineMathRandom.v8FromSeed('v8-sum-reversed', 12345n),
        observe: 9,
      },
      {
        label: 'Firefox/Safari: low 53 bits of s0+s1, linear (128 values)',
        make: () =>
          new EngineMathRandom('firefox-safari', [0x1234567890abcdefn, 0xfedcba0987654321n]),
        observe: 128,
      },
    ];
    for (const model of models) {
      const times: number[] = [];
      let correct = true;
      for (let i = 0; i < Math.max(3, Math.round(8 * ctx.scale)); i++) {
        const engine = model.make();
        const observed = engine.take(model.observe);
        const next = engine.take(10);
        const t0 = performance.now();
        const detection = await detectAndPredict(observed, 10, { now: () => performance.now() });
        times.push(performance.now() - t0);
        if (
          !detection.ok ||
          JSON.stringify(detection.recovery.next.slice(0, 10)) !== JSON.stringify(next)
        )
          correct = false;
      }
      figures.push(
        figure(
          SUITE,
          `Math.random recovery: ${model.label}`,
          'ms',
          times,
          'lower',
          undefined,
          correct ? 'next 10 predicted exactly' : 'prediction mismatch',
        ),
      );
    }
    return figures;
  },
};
