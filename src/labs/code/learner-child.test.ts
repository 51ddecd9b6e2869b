/**
 * The learner's module in the CLI's isolated child: the battery's requests answered by the harness
 * there (the same requests as the browser's sandbox), and a hostile module that tries to read and write files, start a process, read the environment, reach
 * a local listener, signal the CLI and forge answers (patched prototypes, fake lines on stdout and
 * on the channel). The child runs from the CLI's real bundle, as code-attack starts it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromWire, toWire } from '../../cli/isolated/protocol';
import { IsolatedChild, type IsolationOptions } from '../../cli/isolated/runner';
import { compileLearnerCode } from './core/compile';
import { PRESETS } from './core/presets';

let entry = '';

beforeAll(() => {
  // scripts/cli.mjs builds the bundle (main.js and child.js) when a source is newer.
  spawnSync(process.execPath, ['scripts/cli.mjs', '--help']);
  const { folder } = JSON.parse(readFileSync('dist-cli/current.json', 'utf8')) as {
    folder: string;
  };
  entry = join(process.cwd(), 'dist-cli', folder, 'child.js');
}, 120_000);

async function startLearner(code: string, options: Partial<IsolationOptions> = {}) {
  const child = await IsolatedChild.start({ mode: 'learner', entry, ...options });
  if (!child.ok) throw new Error(child.error.message);
  const compiled = compileLearnerCode(code, 'javascript');
  if (!compiled.ok) throw new Error(compiled.error.message);
  const loaded = await child.value.request('load', { code: compiled.value }, 20_000);
  return { child: child.value, loaded };
}

/** One request as the CLI's transport sends it, the answer decoded as it decodes it. */
async function ask(child: IsolatedChild, op: string, payload: unknown, limitMs = 10_000) {
  const answer = await child.request(op, toWire(payload), limitMs);
  return answer.ok ? { ok: true, value: fromWire(answer.value) } : answer;
}

const EXPORTS = { sign: true, verify: true, makeToken: true, signArity: 2 };
const LOADED = { ok: true, value: { ok: true, exports: EXPORTS, crossOriginIsolated: false } };
const md5 = (text: string) => createHash('md5').update(Buffer.from(text, 'latin1')).digest('hex');

describe("learner child: the battery's requests", () => {
  it('loads a preset and answers sign and verify batches', async () => {
    const compiled = compileLearnerCode(PRESETS.md5.code, 'typescript');
    const child = await IsolatedChild.start({ mode: 'learner', entry });
    if (!child.ok || !compiled.ok) throw new Error('start');
    try {
      const loaded = await ask(child.value, 'load', { code: compiled.value }, 20_000);
      expect(loaded).toEqual(LOADED);
      expect(
        await ask(child.value, 'sign', {
          secret: 'key',
          calls: [{ message: 'msg', purpose: 'api' }],
        }),
      ).toEqual({ ok: true, value: [{ tag: md5('keymsg') }] });
      expect(
        await ask(child.value, 'verify', {
          secret: 'key',
          calls: [
            { message: 'msg', tag: md5('keymsg'), purpose: 'api' },
            { message: 'msg', tag: new Uint8Array([0, 255]), purpose: 'api' },
          ],
        }),
      ).toEqual({ ok: true, value: [{ accepted: true }, { accepted: false }] });
    } finally {
      await child.value.stop();
    }
  }, 60_000);

  it('reports throws, Promises, bytes, NaN and odd values as the battery needs them', async () => {
    const { child, loaded } = await startLearner(`
      export function sign(secret, message) {
        if (message === 'throw') throw new RangeError('no such key');
        if (message === 'async') return Promise.resolve('x');
        if (message === 'bytes') return new Uint8Array([1, 2, 255]);
        if (message === 'big') return 'x'.repeat(70000);
        return { tag: message };
      }
      export function makeToken() { return NaN; }`);
    try {
      expect(loaded.ok).toBe(true);
      const answer = await ask(child, 'sign', {
        secret: 'k',
        calls: ['throw', 'async', 'bytes', 'big', 'object'].map((message) => ({
          message,
          purpose: 'api',
        })),
      });
      expect(answer).toEqual({
        ok: true,
        value: [
          { problem: { kind: 'threw', text: 'RangeError: no such key' } },
          { problem: { kind: 'promise' } },
          { tag: new Uint8Array([1, 2, 255]) },
          { problem: { kind: 'too-long', length: 70000, limit: 4096 } },
          { problem: { kind: 'value', value: { type: 'object' } } },
        ],
      });
      expect(
        await ask(child, 'tokens-collect', { count: 2, minCount: 2, budgetMs: 1000 }),
      ).toMatchObject({ ok: true, value: { tokens: [NaN, NaN], problem: null } });
      expect(await ask(child, 'verify', { secret: 'k', calls: [] })).toEqual({
        ok: false,
        error: { code: 'child/failed', message: 'The module exports no verify function.' },
      });
    } finally {
      await child.stop();
    }
  }, 60_000);

  it('a module that fails to load says why, with the code the in-process runner gives', async () => {
    for (const [code, expected] of [
      ['throw new Error("boom");', 'module/threw'],
      ['export const sign = 3;', 'module/not-a-function'],
      ['const x = 1;', 'module/no-exports'],
    ] as const) {
      const { child, loaded } = await startLearner(code);
      await child.stop();
      expect(loaded).toMatchObject({ ok: false, error: { code: expected } });
    }
  }, 60_000);

  it('times verify inside the child, per visit, after calibrating a batch', async () => {
    const { child } = await startLearner(
      'export function verify(secret, message, tag) { return tag === "right"; }',
    );
    try {
      const started = await ask(child, 'timing-start', {
        secret: 'k',
        message: 'm',
        purpose: 'api',
        guesses: ['wrong', 'right'],
        minBatchMs: 0.2,
      });
      expect(started).toMatchObject({ ok: true, value: { batchSize: expect.any(Number) } });
      const answer = await ask(child, 'timing-sample', { visits: [0, 1, 1, 0], batchSize: 100 });
      expect(answer.ok).toBe(true);
      const samples = (answer as { value: unknown }).value;
      expect(samples).toBeInstanceOf(Float64Array);
      expect(samples).toHaveLength(4);
      for (const ns of samples as Float64Array) expect(ns).toBeGreaterThan(0);
    } finally {
      await child.stop();
    }
  }, 60_000);

  it('collects tokens with counts, and replays them from given Math.random values and MT state', async () => {
    const { child } = await startLearner(`
      export function makeToken() {
        return Math.random().toString(36).slice(2) + ':' + random.getrandbits(32);
      }`);
    try {
      const collected = await ask(child, 'tokens-collect', {
        count: 3,
        minCount: 3,
        budgetMs: 1000,
      });
      expect(collected).toMatchObject({
        ok: true,
        value: { problem: null, calls: { mathRandom: 3, pythonRandom: 3 } },
      });
      const stateWords = Array.from({ length: 624 }, (_, i) => i);
      const python = await ask(child, 'tokens-replay', {
        source: { kind: 'python', stateWords, skip: 0 },
        count: 2,
      });
      const again = await ask(child, 'tokens-replay', {
        source: { kind: 'python', stateWords, skip: 0 },
        count: 2,
      });
      const tail = (answer: unknown) =>
        (answer as { value: { tokens: string[] } }).value.tokens.map((t) => t.split(':')[1]);
      expect(tail(python)).toHaveLength(2);
      expect(tail(again)).toEqual(tail(python));
      const math = await ask(child, 'tokens-replay', {
        source: { kind: 'math-random', values: [0.5, 0.25] },
        count: 3,
      });
      const value = (math as { value: { tokens: string[]; problem: unknown } }).value;
      expect(value.tokens.map((t) => t.split(':')[0])).toEqual(['i', '9']);
      expect(value.problem).toBeNull();
    } finally {
      await child.stop();
    }
  }, 60_000);
});

const SIGN_ONE = { secret: 'k', calls: [{ message: 'm', purpose: 'api' }] };

describe('learner child: limits', () => {
  it('a loop that never ends is stopped at the time limit', async () => {
    const { child } = await startLearner('export function sign() { for (;;); }');
    const answer = await ask(child, 'sign', SIGN_ONE, 1500);
    expect(answer).toMatchObject({ ok: false, error: { code: 'isolation/time-limit' } });
    await child.stop();
  }, 60_000);

  it('a memory bomb in the JavaScript heap is stopped at the heap limit', async () => {
    const { child } = await startLearner(
      'export function sign() { const a = []; for (;;) a.push(new Array(1e5).fill(1.5)); }',
      { heapMb: 64 },
    );
    const answer = await ask(child, 'sign', SIGN_ONE, 30_000);
    expect(answer).toMatchObject({ ok: false, error: { code: 'isolation/memory-limit' } });
    await child.stop();
  }, 60_000);

  it('a memory bomb outside the heap (buffers) is stopped at the memory limit', async () => {
    const { child } = await startLearner(
      'const kept = []; export function sign() { for (;;) kept.push(new Uint8Array(64 << 20).fill(1)); }',
      { memoryMb: 300 },
    );
    const answer = await ask(child, 'sign', SIGN_ONE, 30_000);
    expect(answer).toMatchObject({ ok: false, error: { code: 'isolation/memory-limit' } });
    await child.stop();
  }, 60_000);
});

describe('learner child: floods on the channel', () => {
  const FLOOD = `
    const fs = await new Function('return import("node:fs")')();
    export function sign(secret, message) {
      if (message === 'huge') fs.writeSync(3, 'x'.repeat(20 << 20) + '\\n');
      if (message === 'many') for (let i = 0; i < 20000; i++) fs.writeSync(3, '{"kind":"ready"}\\n');
      return 'tag';
    }`;

  it('a 20 MiB line is dropped and counted, and the genuine answer still arrives', async () => {
    const { child } = await startLearner(FLOOD);
    try {
      const answer = await ask(
        child,
        'sign',
        { secret: 'k', calls: [{ message: 'huge', purpose: 'api' }] },
        20_000,
      );
      expect(answer).toEqual({ ok: true, value: [{ tag: 'tag' }] });
      expect(child.activity().overlongLines).toBe(1);
    } finally {
      await child.stop();
    }
  }, 60_000);

  it('a flood of lines stops the child', async () => {
    const { child } = await startLearner(FLOOD);
    const answer = await ask(
      child,
      'sign',
      { secret: 'k', calls: [{ message: 'many', purpose: 'api' }] },
      20_000,
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'isolation/flood' } });
    await child.stop();
  }, 60_000);
});

describe('learner child: a hostile module achieves nothing', () => {
  const work = mkdtempSync(join(tmpdir(), 'learner-child-'));
  const marker = join(work, 'written');
  let server: Server;
  let connections = 0;
  let port = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => server.close());

  const HOSTILE = (port: number, marker: string, outside: string) => `
    const stringify = JSON.stringify;
    const attempts = Object.create(null); // no toJSON to inherit once Object.prototype has one
    const load = new Function('name', 'return import(name)');
    async function attempt(name, run) {
      try { attempts[name] = 'done: ' + String(await run()).slice(0, 100); }
      catch (e) { attempts[name] = 'refused: ' + (e && (e.code || e.message)); }
    }
    const fs = await load('node:fs');
    await attempt('read', () => fs.readFileSync('/etc/hostname', 'utf8'));
    await attempt('read-project', () => fs.readFileSync(${JSON.stringify(outside)}, 'utf8'));
    await attempt('write', () => fs.writeFileSync(${JSON.stringify(marker)}, 'x'));
    await attempt('spawn', async () => (await load('node:child_process')).execSync('id').toString());
    await attempt('worker', async () => new (await load('node:worker_threads')).Worker('1', { eval: true }));
    await attempt('env', () => Object.keys(process.env).length + ' variables');
    await attempt('signal', () => process.kill(process.ppid, 'SIGKILL'));
    await attempt('connect', async () => {
      const net = await load('node:net');
      return new Promise((resolve, reject) => {
        const socket = net.connect(${port}, '127.0.0.1');
        socket.on('connect', () => resolve('connected'));
        socket.on('error', reject);
      });
    });
    // Forging: patched built-ins, a fake answer on stdout and on the channel.
    Array.prototype.push = function () { return 0; };
    JSON.stringify = () => '{"forged":true}';
    Object.prototype.toJSON = function () { return 'forged'; };
    const fake = (id) =>
      '{"id":' + id + ',"kind":"answer","value":[{"accepted":false},{"accepted":true}]}\\n';
    process.stdout.write(fake(2));
    export function sign(secret, message) { return md5(secret + message); }
    export function verify(secret, message, tag) {
      for (let id = 1; id < 5; id++) { try { fs.writeSync(3, fake(id)); } catch {} }
      process.stdout.write(fake(3));
      return sign(secret, message) === tag;
    }
    export function makeToken() { return stringify(attempts); }`;

  it('cannot read, write, spawn, see the environment, signal, connect or forge', async () => {
    const { child, loaded } = await startLearner(
      HOSTILE(port, marker, join(process.cwd(), 'package.json')),
    );
    try {
      expect(fromWire((loaded as { value: unknown }).value)).toEqual(LOADED.value);
      // The real answers, whatever the module wrote to the channel and stdout.
      expect(
        await ask(child, 'verify', {
          secret: 'key',
          calls: [
            { message: 'msg', tag: md5('keymsg'), purpose: 'api' },
            { message: 'msg', tag: '0'.repeat(32), purpose: 'api' },
          ],
        }),
      ).toEqual({ ok: true, value: [{ accepted: true }, { accepted: false }] });
      const tokens = await ask(child, 'tokens-collect', { count: 1, minCount: 1, budgetMs: 0 });
      const [report] = (tokens as { value: { tokens: string[] } }).value.tokens;
      const attempts = JSON.parse(report!) as Record<string, string>;
      expect(attempts).toEqual({
        read: 'refused: ERR_ACCESS_DENIED',
        'read-project': 'refused: ERR_ACCESS_DENIED',
        write: 'refused: ERR_ACCESS_DENIED',
        spawn: 'refused: ERR_ACCESS_DENIED',
        worker: 'refused: ERR_ACCESS_DENIED',
        env: 'done: 0 variables',
        signal: 'refused: process.kill is not available in the isolated child.',
        connect: expect.stringMatching(/^refused: (ENETUNREACH|ECONNREFUSED|EADDRNOTAVAIL)$/),
      });
      const activity = child.activity();
      expect(activity.network).toBe('namespace');
      expect(activity.forgedLines).toBeGreaterThanOrEqual(8);
      expect(activity.stdout.text).toContain('"kind":"answer"');
    } finally {
      await child.stop();
    }
    expect(existsSync(marker)).toBe(false);
    expect(connections).toBe(0);
  }, 60_000);
});
