/**
 * The scanner against CPython really loading each pickle of the corpus (vectors/pickle-loads.json,
 * made by make_pickle_loads.py): pickle.loads, a loop of pickle.load over io.BytesIO (a stream,
 * read frame by frame) and over a buffered reader, under an audit hook that records and refuses
 * processes, code from strings, file writes, sockets, native code and subinterpreters.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseHex } from '../../../../core/bytes';
import { expectOk } from '../../../../core/result';
import { scanPickle, type PickleScan, type ScanResult } from './symbolic';

interface Outcome {
  events: [string, string][];
  error: null | {
    type: string;
    message: string;
    cause: 'pickle' | 'refused' | 'environment' | 'call';
  };
  result: string | null;
  start?: number;
  end?: number;
}
interface Entry {
  source: string;
  name: string;
  hex: string;
  loads: Outcome;
  file: Outcome[];
  buffered: Outcome[];
}

const entries = (
  JSON.parse(readFileSync(new URL('../vectors/pickle-loads.json', import.meta.url), 'utf8')) as {
    entries: Entry[];
  }
).entries;

/** BufferedReader's default buffer: below it, pickle.load on a buffered file reads as pickle.loads. */
const BUFFER = 8192;

interface Check {
  entry: Entry;
  data: Uint8Array;
  scan: ScanResult;
  /** Each CPython reading, paired with the scanner's pickles for the same reader. */
  readings: { label: string; outcomes: Outcome[]; pickles: PickleScan[] }[];
}

const checks: Check[] = entries.map((entry) => {
  const data = expectOk(parseHex(entry.hex));
  const scan = scanPickle(data);
  const readings = [
    { label: 'pickle.loads', outcomes: [entry.loads], pickles: scan.memory.pickles.slice(0, 1) },
    {
      label: 'pickle.load(io.BytesIO)',
      outcomes: entry.file,
      pickles: (scan.stream ?? scan.memory).pickles,
    },
  ];
  if (data.length <= BUFFER)
    readings.push({
      label: 'pickle.load(buffered file)',
      outcomes: entry.buffered,
      pickles: scan.memory.pickles,
    });
  return { entry, data, scan, readings };
});

const stoppedBy = (o: Outcome) => o.error !== null && o.error.cause !== 'pickle';

/**
 * Errors that depend on what an imported name is or what a called function returned, which the
 * scanner does not model (it shows them as opaque objects, and its verdict is already "calls" or
 * "dangerous"): len('ab') is an int, not a module name; __main__.Point is a class without
 * __setstate__, not a module.
 */
const OPAQUE = new Set([
  'a dynamic STACK_GLOBAL whose name is not a string',
  'BUILD on an instance with a non-dict state',
  'BUILD with a dict on a class',
]);

describe(`the pickle scanner against CPython loading ${entries.length} pickles`, () => {
  it('finds every CPython load in its corpus: no harness crash, every group present', () => {
    expect(entries.length).toBeGreaterThan(1100);
    for (const source of [
      'objects',
      'handmade',
      'malformed',
      'issue',
      'adversarial',
      'fickling',
      'random',
    ])
      expect(entries.filter((e) => e.source === source).length, source).toBeGreaterThan(20);
    for (const e of entries) expect(e.loads, e.name).toHaveProperty('events');
  });

  const withEvents = checks.filter((c) =>
    [c.entry.loads, ...c.entry.file, ...c.entry.buffered].some((o) => o.events.length > 0),
  );
  it(`calls none of the ${withEvents.length} pickles whose load reached a refused event data`, () => {
    expect(withEvents.length).toBeGreaterThan(80);
    for (const { entry, scan, readings } of withEvents) {
      expect(scan.verdict, entry.name).not.toBe('data');
      // …and the pickle that did it is the one the scanner flags, in the reader that ran it.
      for (const { label, outcomes, pickles } of readings)
        outcomes.forEach((o, k) => {
          if (o.events.length)
            expect(pickles[k]?.verdict, `${entry.name}: ${label}, pickle ${k}`).not.toBe('data');
        });
    }
  });

  it('reports every error the bytes cause, as the same Python exception, in every reader', () => {
    const missed: string[] = [];
    const opaque = new Set<string>();
    let errors = 0;
    for (const { entry, readings } of checks)
      for (const { label, outcomes, pickles } of readings)
        outcomes.forEach((o, k) => {
          if (o.error?.cause !== 'pickle') return;
          errors++;
          const at = `${entry.name}: ${label}, pickle ${k}: ${o.error.type}: ${o.error.message}`;
          const found = pickles[k]?.error;
          if (!found && OPAQUE.has(entry.name) && pickles[k]?.verdict !== 'data')
            opaque.add(entry.name);
          else if (!found) missed.push(`${at} — not reported`);
          else if (found.exception !== o.error.type)
            missed.push(`${at} — reported as ${found.exception}: ${found.message}`);
          else if (
            (o.error.type === 'UnpicklingError' || o.error.type === 'EOFError') &&
            found.message !== o.error.message
          )
            missed.push(`${at} — reported with the message ${found.message}`);
        });
    expect(missed).toEqual([]);
    expect(opaque).toEqual(OPAQUE);
    expect(errors).toBeGreaterThan(900);
  });

  it('reports no error where CPython loads, and reads the same pickles from the same bytes', () => {
    const wrong: string[] = [];
    for (const { entry, data, readings } of checks)
      for (const { label, outcomes, pickles } of readings) {
        const at = `${entry.name}: ${label}`;
        for (const [k, o] of outcomes.entries()) {
          const scanned = pickles[k];
          if (o.error === null && scanned?.error)
            wrong.push(
              `${at}, pickle ${k}: reported ${scanned.error.exception}: ${scanned.error.message}`,
            );
          if (stoppedBy(o)) break;
          // io.BytesIO tells exactly where each load started and stopped.
          if (label === 'pickle.load(io.BytesIO)' && o.error === null && scanned)
            if (scanned.start !== o.start || scanned.end !== o.end)
              wrong.push(
                `${at}, pickle ${k}: read ${scanned.start}–${scanned.end}, CPython ${o.start}–${o.end}`,
              );
        }
        const last = outcomes[outcomes.length - 1];
        // A loop that ran to the end of the data loaded exactly the pickles the scanner found.
        if (
          label !== 'pickle.loads' &&
          last?.error === null &&
          data.length > 0 &&
          pickles.length !== outcomes.length
        )
          wrong.push(`${at}: ${pickles.length} pickles, CPython ${outcomes.length}`);
      }
    expect(wrong).toEqual([]);
  });

  it('names the opcode CPython stopped at: an error lies before where io.BytesIO stopped reading', () => {
    const wrong: string[] = [];
    for (const { entry, scan } of checks) {
      const reads = scan.stream ?? scan.memory;
      entry.file.forEach((o, k) => {
        const error = reads.pickles[k]?.error;
        if (o.error?.cause !== 'pickle' || !error) return;
        const inside = error.op ? error.pos < o.end! : error.pos <= o.end!;
        if (error.pos < o.start! || !inside)
          wrong.push(
            `${entry.name}: ${error.op} at ${error.pos}, CPython read ${o.start}–${o.end}`,
          );
      });
    }
    expect(wrong).toEqual([]);
  });
});

// ---------------------------------------------------------------- random values, pickled by CPython

const hasPython = spawnSync('python3', ['--version']).status === 0;

/** A value for the Python side to build, tagged so JSON loses nothing. */
type Tagged =
  | null
  | boolean
  | string
  | { int: string }
  | { float: string }
  | { bytes: string }
  | { bytearray: string }
  | { complex: [number, number] }
  | { list: Tagged[] }
  | { tuple: Tagged[] }
  | { dict: [Tagged, Tagged][] }
  | { set: Tagged[] }
  | { frozenset: Tagged[] }
  | { shared: Tagged }
  | { loop: Tagged };

const BUILD_AND_DUMP = String.raw`
import json, pickle, sys
def build(t):
    if t is None or isinstance(t, (bool, str)): return t
    (kind, v), = t.items()
    if kind == "int": return int(v)
    if kind == "float": return float(v)
    if kind == "bytes": return bytes.fromhex(v)
    if kind == "bytearray": return bytearray.fromhex(v)
    if kind == "complex": return complex(*v)
    if kind == "list": return [build(x) for x in v]
    if kind == "tuple": return tuple(build(x) for x in v)
    if kind == "dict": return {build(k): build(x) for k, x in v}
    if kind == "set": return {build(x) for x in v}
    if kind == "frozenset": return frozenset(build(x) for x in v)
    if kind == "shared":
        x = build(v)
        return [x, x]
    if kind == "loop":
        x = [build(v)]
        x.append(x)
        return x
out = []
for case in json.load(sys.stdin):
    value = build(case["value"])
    out.append({"hex": pickle.dumps(value, protocol=case["protocol"]).hex(), "repr": repr(value)})
json.dump(out, sys.stdout)
`;

const float = fc.oneof(fc.double(), fc.constantFrom(0, -0, 1.5, 1e300, 5e-324)).map((x) => ({
  float: Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x),
}));
const hashable: fc.Arbitrary<Tagged> = fc.letrec<{ key: Tagged }>((tie) => ({
  key: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((n) => ({ int: n.toString() })),
    float,
    fc.uint8Array({ maxLength: 6 }).map((b) => ({ bytes: Buffer.from(b).toString('hex') })),
    fc.array(tie('key'), { maxLength: 3 }).map((items) => ({ tuple: items })),
    fc.array(tie('key'), { maxLength: 3 }).map((items) => ({ frozenset: items })),
  ),
})).key;
const value: fc.Arbitrary<Tagged> = fc.letrec<{ value: Tagged }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hashable,
    fc.uint8Array({ maxLength: 6 }).map((b) => ({ bytearray: Buffer.from(b).toString('hex') })),
    fc
      .tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: -9, max: 9 }))
      .map((c) => ({ complex: c })),
    fc.array(tie('value'), { maxLength: 5 }).map((items) => ({ list: items })),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => ({ tuple: items })),
    fc.array(fc.tuple(hashable, tie('value')), { maxLength: 4 }).map((pairs) => ({ dict: pairs })),
    fc.array(hashable, { maxLength: 4 }).map((items) => ({ set: items })),
    tie('value').map((v) => ({ shared: v })),
    tie('value').map((v) => ({ loop: v })),
  ),
})).value;

/**
 * Only lists, tuples, dicts, ints, floats, None, bools and Latin-1 strings (whose printability
 * does not depend on the Unicode version Python and JavaScript each know): repr() is the result.
 */
function plain(t: Tagged): boolean {
  if (typeof t === 'string') return [...t].every((c) => c.charCodeAt(0) < 0x100);
  if (t === null || typeof t !== 'object') return true;
  const [kind, v] = Object.entries(t)[0]!;
  if (kind === 'int' || kind === 'float') return true;
  if (kind === 'list' || kind === 'tuple') return (v as Tagged[]).every(plain);
  if (kind === 'dict') return (v as [Tagged, Tagged][]).every(([k, x]) => plain(k) && plain(x));
  if (kind === 'shared' || kind === 'loop') return plain(v as Tagged);
  return false;
}

describe.skipIf(!hasPython)('random values, pickled by CPython', () => {
  it('are data: nothing imported but the value builders, no error, one pickle, one way to read it', () => {
    const cases = fc.sample(fc.record({ value, protocol: fc.integer({ min: 0, max: 5 }) }), {
      numRuns: 300,
    });
    const run = spawnSync('python3', ['-c', BUILD_AND_DUMP], {
      input: JSON.stringify(cases),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(run.stderr);
    const dumped = JSON.parse(run.stdout) as { hex: string; repr: string }[];
    let compared = 0;
    dumped.forEach(({ hex, repr }, i) => {
      const at = `${JSON.stringify(cases[i])} → ${hex}`;
      const scan = scanPickle(expectOk(parseHex(hex)));
      expect(scan.verdict, at).toBe('data');
      expect(scan.headline, at).toBe('Data only');
      expect(scan.error, at).toBeNull();
      expect(scan.trailing, at).toBe(0);
      expect(scan.stream, at).toBeNull();
      if (plain(cases[i]!.value) && repr.length < 1400) {
        expect(scan.result, at).toBe(repr);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(30);
  });
});
