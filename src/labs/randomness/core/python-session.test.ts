import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectOk } from '../../../core/result';
import { cloneFromOutputs } from './mt-clone';
import { parseUint32List } from './parse-numbers';
import {
  MAX_CODE_LENGTH,
  MAX_OUTPUT,
  OUTPUTS_CELL,
  SESSION_PRELOAD_SOURCE,
  SESSION_SOURCE,
  checkCell,
  compareDraw,
  drawCode,
  parseCellReport,
  parseDrawBits,
  parseDrawKey,
  predictDraws,
  talkCell,
  type Draw,
} from './python-session';
import vectors from './vectors/python-session.json' with { type: 'json' };

type Step = { run: string } | { bits: number } | { key: { alphabet: string; length: number } };

const python = spawnSync('python3', ['-c', 'print(1)'], { encoding: 'utf8' });
const havePython = python.status === 0;
if (!havePython) console.warn('python3 not found: the session runner tests are skipped.');

/** The session's Python, as the sandbox runs it, in the local python3: each step's JSON answer. */
function inLocalPython(steps: Step[]): string[] {
  const driver = `
import json, sys
namespace = {}
exec(compile(${JSON.stringify(SESSION_PRELOAD_SOURCE + SESSION_SOURCE)}, 'session', 'exec'), namespace)
session = namespace['make_session']()
out = []
for step in json.loads(sys.stdin.read()):
    if 'run' in step:
        out.append(session['run'](step['run']))
    elif 'bits' in step:
        out.append(session['draw_bits'](step['bits']))
    else:
        out.append(session['draw_key'](step['key']['alphabet'], step['key']['length']))
print(json.dumps(out))
`;
  const run = spawnSync('python3', ['-c', driver], {
    input: JSON.stringify(steps),
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as string[];
}

const cell = (text: string) => expectOk(parseCellReport(text));

describe.skipIf(!havePython)('the session runner, in CPython', () => {
  it('continues one generator across cells, and answers the page from the same one', () => {
    const vector = vectors.sessions[0]!;
    const [first, second, bits, key] = inLocalPython([
      { run: `import random\nrandom.seed(${vector.seed})` },
      { run: OUTPUTS_CELL },
      { bits: 5 },
      { key: { alphabet: vector.draws[1]!.alphabet!, length: vector.draws[1]!.length! } },
    ]);
    expect(cell(first!)).toEqual({
      cell: 1,
      output: '',
      outputDropped: 0,
      error: null,
      events: [],
      eventsDropped: 0,
    });
    const printed = expectOk(parseUint32List(cell(second!).output));
    expect(printed).toEqual(vector.printed);
    expect(expectOk(parseDrawBits(bits, 5)).value).toEqual(vector.draws[0]!.values);
    const alphabet = vector.draws[1]!.alphabet!;
    expect(expectOk(parseDrawKey(key, alphabet, 32)).value).toBe(vector.draws[1]!.key);
  });

  it('shows a last expression as a console does, and a traceback with the cell’s line', () => {
    const [value, error, syntax] = inLocalPython([
      { run: 'x = 6\nx * 7' },
      { run: 'print("before")\n1 / 0' },
      { run: 'def f(:\n  pass' },
    ]);
    expect(cell(value!).output).toBe('42\n');
    const failed = cell(error!);
    expect(failed.output).toBe('before\n');
    expect(failed.error).toMatch(/File "<cell 2>", line 2[\s\S]*1 \/ 0[\s\S]*ZeroDivisionError/);
    expect(failed.error).not.toContain('make_session');
    expect(cell(syntax!).error).toMatch(/SyntaxError/);
  });

  it('the talk’s cell prints a key over allowed_chars and one output', () => {
    const [report] = inLocalPython([{ run: talkCell('abc', 20) }]);
    expect(cell(report!).output).toMatch(/^[abc]{20}\n\d+\n$/);
  });

  it('refuses files, processes, sockets, new code and new imports, and says so', () => {
    const attempts = [
      "open('/tmp/security-playground-session-probe', 'w')",
      "import os\nos.system('id')",
      "import subprocess\nsubprocess.run(['id'])",
      "eval('1 + 1')",
      "exec('x = 1')",
      'import ctypes',
      'import js',
      'import sys\nsys._getframe()',
    ];
    const reports = inLocalPython(attempts.map((run) => ({ run }))).map(cell);
    const refused = reports.map((r) => r.events.map((e) => e.event));
    expect(refused).toEqual([
      ['open'],
      ['os.system'],
      // subprocess is not loaded in the session: importing it is refused.
      ['import'],
      ['compile'],
      ['compile'],
      ['import'],
      ['import'],
      ['sys._getframe'],
    ]);
    for (const report of reports)
      expect(report.error).toMatch(/PermissionError: .+ was refused by the audit hook/);
    expect(reports[0]!.events[0]!.args[0]).toBe('/tmp/security-playground-session-probe');
    expect(reports[1]!.events[0]!.args).toEqual(['id']);
  });

  it('keeps MAX_OUTPUT characters of a flood and counts the rest', () => {
    const [report] = inLocalPython([{ run: `print('x' * ${MAX_OUTPUT + 999})` }]);
    const flood = cell(report!);
    expect(flood.output).toHaveLength(MAX_OUTPUT);
    expect(flood.outputDropped).toBe(1000);
  });
});

describe('the clone against the session vectors (CPython)', () => {
  it('predicts every draw the page asks for, in order, from the 624 printed outputs alone', () => {
    for (const vector of vectors.sessions) {
      const clone = expectOk(cloneFromOutputs(vector.printed));
      const draws: Draw[] = vector.draws.map((d) =>
        d.kind === 'getrandbits'
          ? { kind: 'getrandbits', count: d.count! }
          : { kind: 'choice', alphabet: d.alphabet!, length: d.length! },
      );
      const predictions = predictDraws(clone, draws);
      predictions.forEach((prediction, i) => {
        const real = vector.draws[i]!;
        const check = compareDraw(
          prediction,
          real.kind === 'getrandbits' ? real.values! : real.key!,
        );
        expect(check.allSame).toBe(true);
      });
      // Predicting does not move the clone: asked again, it says the same.
      expect(predictDraws(clone, draws)).toEqual(predictions);
    }
  });

  it('an edited output list predicts wrong values, and the comparison says which', () => {
    const vector = vectors.sessions[0]!;
    // The first output of a twist takes the low 31 bits of the second state word.
    const edited = [vector.printed[0]!, 12345, ...vector.printed.slice(2)];
    const [prediction] = predictDraws(expectOk(cloneFromOutputs(edited)), [
      { kind: 'getrandbits', count: 5 },
    ]);
    const check = compareDraw(prediction!, vector.draws[0]!.values!);
    expect(check.allSame).toBe(false);
    expect(check.same[0]).toBe(false);
  });
});

describe('checks on what the session answers', () => {
  const report = {
    cell: 1,
    output: 'hi\n',
    outputDropped: 0,
    error: null,
    events: [{ event: 'open', args: ['/x', 'w', 0], refused: true }],
    eventsDropped: 0,
  };

  it('reads a report and refuses malformed ones', () => {
    expect(expectOk(parseCellReport(JSON.stringify(report))).events).toEqual([
      { event: 'open', args: ['/x', 'w', 0] },
    ]);
    for (const broken of [
      'not json',
      42,
      { ...report, cell: 0 },
      { ...report, output: 5 },
      { ...report, output: 'x'.repeat(MAX_OUTPUT + 1) },
      { ...report, error: 7 },
      { ...report, events: 'x' },
      { ...report, eventsDropped: -1 },
    ]) {
      const parsed = parseCellReport(typeof broken === 'string' ? broken : JSON.stringify(broken));
      expect(parsed.ok).toBe(false);
    }
  });

  it('accepts only the values asked for', () => {
    const answer = (value: unknown) =>
      JSON.stringify({ value, error: null, events: [], eventsDropped: 0 });
    expect(parseDrawBits(answer([1, 2, 3]), 3).ok).toBe(true);
    expect(parseDrawBits(answer([1, 2]), 3).ok).toBe(false);
    expect(parseDrawBits(answer([1, 2, 2 ** 32]), 3).ok).toBe(false);
    expect(parseDrawBits(answer([1, 2, -1]), 3).ok).toBe(false);
    expect(parseDrawKey(answer('abca'), 'abc', 4).ok).toBe(true);
    expect(parseDrawKey(answer('abcd'), 'abc', 4).ok).toBe(false);
    expect(parseDrawKey(answer('abc'), 'abc', 4).ok).toBe(false);
    const refused = JSON.stringify({
      value: null,
      error: 'PermissionError: open was refused by the audit hook',
      events: [],
      eventsDropped: 0,
    });
    expect(expectOk(parseDrawKey(refused, 'abc', 4)).error).toMatch(/PermissionError/);
  });

  it('no answer crashes the parsers', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(() => parseCellReport(text)).not.toThrow();
        expect(() => parseDrawBits(text, 3)).not.toThrow();
        expect(() => parseDrawKey(text, 'abc', 3)).not.toThrow();
      }),
    );
  });

  it('an empty or oversized cell is refused before it is sent', () => {
    expect(checkCell('  \n').ok).toBe(false);
    expect(checkCell('x'.repeat(MAX_CODE_LENGTH + 1)).ok).toBe(false);
    expect(checkCell('print(1)').ok).toBe(true);
  });

  it('shows the page’s questions as the code a learner would type', () => {
    expect(drawCode({ kind: 'getrandbits', count: 5 })).toBe(
      '[random.getrandbits(32) for _ in range(5)]',
    );
    expect(drawCode({ kind: 'choice', alphabet: 'ab"c', length: 3 })).toBe(
      `''.join(random.choice("ab\\"c") for i in range(3))`,
    );
  });
});
