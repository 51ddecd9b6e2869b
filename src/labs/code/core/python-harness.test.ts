/**
 * The Python harness in the local CPython (python3, skipped when missing): every Python preset
 * loads; sign's tags are what node:crypto computes; verify, the timing probe and token collection
 * answer in the shapes the protocol's parsers take; and a module's refused events are recorded.
 */
import { spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  parseCalibration,
  parseLoadAnswer,
  parseSignAnswers,
  parseTimingSamples,
  parseTokenBatch,
  parseVerifyAnswers,
} from './learner-protocol';
import { PRESET_IDS } from './presets';
import { PYTHON_HARNESS_SOURCE } from './python-harness';
import { PYTHON_PRESETS } from './python-presets';
import { decodePythonAnswer, encodePythonRequest, parsePythonAudit } from './python-wire';

const hasPython = spawnSync('python3', ['--version']).status === 0;
if (!hasPython) console.warn('python3 is not installed: the Python harness checks are skipped.');

/** Runs the harness in python3 on one module and a list of requests; the answers, decoded. */
function harness(code: string, requests: [string, unknown][]): unknown[] {
  const script = `${PYTHON_HARNESS_SOURCE}
import json, sys
handle = make_harness()
out = []
for op, request in json.loads(sys.stdin.read()):
    out.append(handle(op, request))
print(json.dumps(out))
`;
  const input = JSON.stringify(
    [['load', { code }], ...requests].map(([op, payload]) => [op, encodePythonRequest(payload)]),
  );
  const run = spawnSync('python3', ['-c', script], { input, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  const texts = JSON.parse(run.stdout) as string[];
  return texts.map((text, i) => {
    const op = i === 0 ? 'load' : requests[i - 1]![0];
    const decoded = decodePythonAnswer(op as 'load', text);
    if (!decoded.ok) throw new Error(decoded.error.message);
    return decoded.value;
  });
}

describe.skipIf(!hasPython)('the Python harness in CPython', () => {
  it('loads every Python preset', () => {
    for (const id of PRESET_IDS) {
      const [load] = harness(PYTHON_PRESETS[id].code, []);
      expect(parseLoadAnswer(load), id).toMatchObject({ ok: true, value: { ok: true } });
    }
  });

  it('signs as node:crypto does, and verify, timing and tokens answer in the protocol’s shapes', () => {
    const secret = 'k3y';
    const message = 'user=alice&role=user\x80\x00\x01';
    const md5 = createHash('md5')
      .update(Buffer.from(secret + message, 'latin1'))
      .digest('hex');
    const [load, signed, verified, calibration, samples, tokens] = harness(
      PYTHON_PRESETS.md5.code,
      [
        ['sign', { secret, calls: [{ message, purpose: 'p' }] }],
        [
          'verify',
          {
            secret,
            calls: [
              { message, tag: md5, purpose: 'p' },
              { message, tag: new Uint8Array([1]), purpose: 'p' },
            ],
          },
        ],
        [
          'timing-start',
          { secret, message, purpose: 'p', guesses: [md5, '0'.repeat(32)], minBatchMs: 0.1 },
        ],
        ['timing-sample', { visits: [0, 1, 1, 0], batchSize: 2 }],
        ['tokens-collect', { count: 3, minCount: 3, budgetMs: 0 }],
      ],
    );
    expect(parseLoadAnswer(load)).toMatchObject({
      ok: true,
      value: { ok: true, exports: { sign: true, verify: true, makeToken: true, signArity: 2 } },
    });
    expect(parseSignAnswers(signed, 1)).toEqual({ ok: true, value: [{ tag: md5 }] });
    expect(parseVerifyAnswers(verified, 2)).toEqual({
      ok: true,
      value: [{ accepted: true }, { accepted: false }],
    });
    expect(parseCalibration(calibration).ok).toBe(true);
    expect(parseTimingSamples(samples, 4).ok).toBe(true);
    const batch = parseTokenBatch(tokens, 3);
    expect(batch.ok && batch.value.tokens).toHaveLength(3);
    expect(batch.ok && batch.value.calls.pythonRandom).toBe(0);
  });

  it('passes the purpose to a sign that takes one', () => {
    const [, signed] = harness(PYTHON_PRESETS.hmac.code, [
      ['sign', { secret: 's', calls: [{ message: 'm', purpose: 'session' }] }],
    ]);
    const key = createHmac('sha256', 's').update('signing:session').digest();
    const expected = createHmac('sha256', key).update('m').digest('hex');
    expect(parseSignAnswers(signed, 1)).toEqual({ ok: true, value: [{ tag: expected }] });
  });

  it('counts the calls random.choice makes, and says what sign returned instead of a tag', () => {
    const [, tokens] = harness(PYTHON_PRESETS['math-random'].code, [
      ['tokens-collect', { count: 2, minCount: 2, budgetMs: 0 }],
    ]);
    const batch = parseTokenBatch(tokens, 2);
    expect(batch.ok && batch.value.calls.pythonRandom).toBeGreaterThanOrEqual(64);
    const [, signed] = harness('def sign(secret, message):\n    return None\n', [
      ['sign', { secret: 's', calls: [{ message: 'm', purpose: 'p' }] }],
    ]);
    expect(parseSignAnswers(signed, 1)).toEqual({
      ok: true,
      value: [{ problem: { kind: 'value', value: { type: 'null', python: 'None' } } }],
    });
  });

  it('records and refuses what the module tries, and reports a syntax error with its line', () => {
    const [load, events] = harness(
      `import os
for action in (lambda: open('/tmp/never-written', 'w'), lambda: os.system('id'), lambda: __import__('ctypes')):
    try:
        action()
    except PermissionError:
        pass

def sign(secret, message):
    return 'x'
`,
      [['events', {}]],
    );
    expect(parseLoadAnswer(load)).toMatchObject({ ok: true, value: { ok: true } });
    const audit = parsePythonAudit(events);
    expect(audit.ok && audit.value.events.map((e) => [e.event, e.args[0], e.refused])).toEqual([
      ['open', '/tmp/never-written', true],
      ['os.system', 'id', true],
      ['import', 'ctypes', true],
    ]);
    const [broken] = harness('def sign(:\n', []);
    expect(parseLoadAnswer(broken)).toMatchObject({
      ok: true,
      value: { ok: false, message: expect.stringMatching(/^SyntaxError: .*\(line 1, column/) },
    });
  });
});
