import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex } from '../../../../core/bytes';
import { expectOk } from '../../../../core/result';
import { disassemble } from './disassemble';
import { buildReducePayload, parseCallable, parsePayloadArgs, type PayloadArg } from './payload';
import { scanPickle } from './symbolic';

const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const hasPython = python.status === 0;
if (!hasPython)
  console.warn('python3 is not installed: the CPython checks of payloads are skipped.');

/** Arguments as JSON for the Python side, tagged like the vectors. */
const tag = (arg: PayloadArg): unknown =>
  arg === null || typeof arg === 'boolean' || typeof arg === 'string'
    ? arg
    : typeof arg === 'bigint'
      ? { int: arg.toString() }
      : typeof arg === 'number'
        ? { float: arg }
        : { bytes: bytesToHex(arg) };

/**
 * For each case: pickle.dumps of an object whose __reduce__ returns (callable, args), and
 * repr(pickle.loads(our bytes)). Runs only harmless callables (builtins.len, max, str.join...).
 */
const PYTHON = String.raw`
import importlib, json, pickle, sys
def untag(a):
    if isinstance(a, dict):
        if "int" in a: return int(a["int"])
        if "float" in a: return float(a["float"])
        if "bytes" in a: return bytes.fromhex(a["bytes"])
    return a
class Reduce:
    def __init__(self, f, args): self.f, self.args = f, args
    def __reduce__(self): return (self.f, self.args)
out = []
for case in json.load(sys.stdin):
    f = importlib.import_module(case["module"])
    for part in case["name"].split("."): f = getattr(f, part)
    args = tuple(untag(a) for a in case["args"])
    ours = bytes.fromhex(case["hex"])
    out.append({
        "dumps": pickle.dumps(Reduce(f, args), protocol=case["protocol"]).hex(),
        "loads": repr(pickle.loads(ours)) if case.get("load", True) else None,
    })
json.dump(out, sys.stdout)
`;

function runPython(
  cases: { module: string; name: string; args: PayloadArg[]; protocol: number; load?: boolean }[],
) {
  const input = cases.map((c) => ({
    ...c,
    args: c.args.map(tag),
    hex: bytesToHex(expectOk(buildReducePayload(c))),
  }));
  const run = spawnSync('python3', ['-c', PYTHON], {
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { dumps: string; loads: string }[];
}

describe.skipIf(!hasPython)('payloads load in CPython', () => {
  it('builtins.len("hello") returns 5 at every protocol, byte for byte what pickle.dumps writes', () => {
    const cases = [0, 1, 2, 3, 4, 5].map((protocol) => ({
      module: 'builtins',
      name: 'len',
      args: ['hello'] as PayloadArg[],
      protocol,
    }));
    const results = runPython(cases);
    results.forEach((result, i) => {
      expect(result.loads).toBe('5');
      expect(bytesToHex(expectOk(buildReducePayload(cases[i]!)))).toBe(result.dumps);
    });
  });

  it('agrees with pickle.dumps for random arguments of every type at every protocol', () => {
    const arg = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
      fc.integer({ min: -70000, max: 70000 }).map(BigInt),
      fc.double({ noNaN: true }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.uint8Array({ maxLength: 12 }),
    );
    const cases = fc.sample(
      fc.record({
        args: fc.array(arg, { maxLength: 5 }),
        protocol: fc.integer({ min: 0, max: 5 }),
      }),
      { numRuns: 150, seed: 20120310 },
    );
    // Only pickle.dumps is compared here, so the callable is never called: print stands in.
    const flat = cases.map((c) => ({ module: 'builtins', name: 'print', ...c, load: false }));
    const results = runPython(flat);
    results.forEach((result, i) =>
      expect(
        bytesToHex(expectOk(buildReducePayload(flat[i]!))),
        JSON.stringify(flat[i], (_, v) => (typeof v === 'bigint' ? `${v}n` : v)),
      ).toBe(result.dumps),
    );
  });

  it('reaches a dotted attribute path at protocol 4 (str.join through builtins)', () => {
    const [result] = runPython([
      { module: 'builtins', name: 'str.upper', args: ['quiet'], protocol: 4 },
    ]);
    expect(result!.loads).toBe("'QUIET'");
  });
});

describe('payload builder', () => {
  it('makes the classic os.system payload the scanner flags', () => {
    const bytes = expectOk(
      buildReducePayload({ module: 'os', name: 'system', args: ['id'], protocol: 0 }),
    );
    expect(new TextDecoder().decode(bytes)).toBe('cos\nsystem\np0\n(Vid\np1\ntp2\nRp3\n.');
    const scan = scanPickle(bytes);
    expect(scan.verdict).toBe('dangerous');
    expect(scan.events.find((e) => e.kind === 'call')).toMatchObject({ expr: "os.system('id')" });
  });

  it('scans back to the same call for any arguments and protocol', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.integer().map(BigInt), fc.boolean()), { maxLength: 4 }),
        fc.integer({ min: 0, max: 5 }),
        (args, protocol) => {
          const bytes = expectOk(
            buildReducePayload({ module: 'builtins', name: 'len', args, protocol }),
          );
          expect(disassemble(bytes).error).toBeNull();
          const scan = scanPickle(bytes);
          expect(scan.calls).toEqual(['builtins.len']);
          expect(scan.verdict).toBe('calls');
        },
      ),
    );
  });

  it('parses callables and arguments with clear errors', () => {
    expect(expectOk(parseCallable('os.path.join'))).toEqual({ module: 'os.path', name: 'join' });
    expect(expectOk(parseCallable('pathlib:os.system'))).toEqual({
      module: 'pathlib',
      name: 'os.system',
    });
    expect(parseCallable('os')).toMatchObject({ ok: false });
    expect(
      expectOk(
        parsePayloadArgs(
          '["id", 3, 1.5, true, null, {"bytes": "00ff"}, {"int": "99999999999999999999"}]',
        ),
      ),
    ).toEqual(['id', 3n, 1.5, true, null, Uint8Array.of(0, 255), 99999999999999999999n]);
    expect(parsePayloadArgs('"id"')).toMatchObject({
      ok: false,
      error: { code: 'payload/not-array' },
    });
    expect(parsePayloadArgs('[id]')).toMatchObject({ ok: false, error: { code: 'payload/json' } });
    expect(
      buildReducePayload({ module: 'pathlib', name: 'os.system', args: [], protocol: 2 }),
    ).toMatchObject({ ok: false });
  });
});
