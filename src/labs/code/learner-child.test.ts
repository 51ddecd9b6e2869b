/**
 * The learner's module in the CLI's isolated child: the batch protocol the battery will use, and a
 * hostile module that tries to read and write files, start a process, read the environment, reach
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

const s = (text: string) => ({ s: text });
const md5 = (text: string) => createHash('md5').update(Buffer.from(text, 'latin1')).digest('hex');

describe('learner child: the batch protocol', () => {
  it('loads a preset and answers sign and verify calls in one batch', async () => {
    const compiled = compileLearnerCode(PRESETS.md5.code, 'typescript');
    const child = await IsolatedChild.start({ mode: 'learner', entry });
    if (!child.ok || !compiled.ok) throw new Error('start');
    try {
      const loaded = await child.value.request('load', { code: compiled.value }, 20_000);
      expect(loaded).toEqual({ ok: true, value: { exports: ['sign', 'verify', 'makeToken'] } });
      const answer = await child.value.request(
        'calls',
        {
          calls: [
            { fn: 'sign', args: [s('key'), s('msg'), s('api')] },
            { fn: 'verify', args: [s('key'), s('msg'), s(md5('keymsg')), s('api')] },
            { fn: 'verify', args: [s('key'), s('msg'), { b: '00ff' }, s('api')] },
          ],
        },
        10_000,
      );
      expect(answer).toEqual({
        ok: true,
        value: {
          results: [
            { ok: true, value: { t: 'string', v: md5('keymsg') } },
            { ok: true, value: { t: 'boolean', v: true } },
            { ok: true, value: { t: 'boolean', v: false } },
          ],
        },
      });
    } finally {
      await child.value.stop();
    }
  }, 60_000);

  it('reports throws, Promises, bytes and odd values as the battery needs them', async () => {
    const { child, loaded } = await startLearner(`
      export function sign(secret, message) {
        if (message === 'throw') throw new RangeError('no such key');
        if (message === 'async') return Promise.resolve('x');
        if (message === 'bytes') return new Uint8Array([1, 2, 255]);
        if (message === 'big') return 'x'.repeat(70000);
        return { tag: message };
      }`);
    try {
      expect(loaded.ok).toBe(true);
      const answer = await child.request(
        'calls',
        {
          calls: ['throw', 'async', 'bytes', 'big', 'object'].map((m) => ({
            fn: 'sign',
            args: [s('k'), s(m)],
          })),
        },
        10_000,
      );
      expect(answer).toEqual({
        ok: true,
        value: {
          results: [
            { ok: false, threw: 'RangeError: no such key' },
            { ok: false, promise: true },
            { ok: true, value: { t: 'bytes', hex: '0102ff' } },
            { ok: true, value: { t: 'other', what: 'a string of 70000 characters' } },
            { ok: true, value: { t: 'other', what: 'an object' } },
          ],
        },
      });
      expect(await child.request('calls', { calls: [{ fn: 'verify', args: [] }] }, 5000)).toEqual({
        ok: false,
        error: { code: 'child/no-function', message: 'the module exports no verify' },
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

  it('times verify inside the child, per scheduled guess', async () => {
    const { child } = await startLearner(
      'export function verify(secret, message, tag) { return tag === "right"; }',
    );
    try {
      const answer = await child.request(
        'time-verify',
        {
          secret: s('k'),
          message: s('m'),
          purpose: s('api'),
          guesses: [s('wrong'), s('right')],
          schedule: [0, 1, 1, 0],
          batch: 100,
        },
        10_000,
      );
      expect(answer.ok).toBe(true);
      const { samples, accepted } = (answer as { value: { samples: number[]; accepted: number } })
        .value;
      expect(samples).toHaveLength(4);
      for (const ms of samples) expect(ms).toBeGreaterThanOrEqual(0);
      expect(accepted).toBe(200);
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
      const collected = await child.request('tokens', { count: 3 }, 10_000);
      expect(collected).toMatchObject({
        ok: true,
        value: { stopped: null, exhausted: false, counts: { mathRandom: 3, pythonRandom: 3 } },
      });
      const state = Array.from({ length: 624 }, (_, i) => i);
      const replay = await child.request(
        'tokens',
        { count: 3, mathRandom: [0.5, 0.25], pythonState: { state, index: 624 } },
        10_000,
      );
      const value = (replay as { value: { tokens: { v: string }[]; exhausted: boolean } }).value;
      expect(value.tokens.map((t) => t.v.split(':')[0])).toEqual(['i', '9']);
      expect(value.exhausted).toBe(true);
      const again = await child.request(
        'tokens',
        { count: 1, mathRandom: [0.5], pythonState: { state, index: 624 } },
        10_000,
      );
      expect((again as { value: { tokens: { v: string }[] } }).value.tokens[0]!.v).toBe(
        value.tokens[0]!.v,
      );
    } finally {
      await child.stop();
    }
  }, 60_000);
});

describe('learner child: limits', () => {
  it('a loop that never ends is stopped at the time limit', async () => {
    const { child } = await startLearner('export function sign() { for (;;); }');
    const answer = await child.request('calls', { calls: [{ fn: 'sign', args: [] }] }, 1500);
    expect(answer).toMatchObject({ ok: false, error: { code: 'isolation/time-limit' } });
    await child.stop();
  }, 60_000);

  it('a memory bomb in the JavaScript heap is stopped at the heap limit', async () => {
    const { child } = await startLearner(
      'export function sign() { const a = []; for (;;) a.push(new Array(1e5).fill(1.5)); }',
      { heapMb: 64 },
    );
    const answer = await child.request('calls', { calls: [{ fn: 'sign', args: [] }] }, 30_000);
    expect(answer).toMatchObject({ ok: false, error: { code: 'isolation/memory-limit' } });
    await child.stop();
  }, 60_000);

  it('a memory bomb outside the heap (buffers) is stopped at the memory limit', async () => {
    const { child } = await startLearner(
      'const kept = []; export function sign() { for (;;) kept.push(new Uint8Array(64 << 20).fill(1)); }',
      { memoryMb: 300 },
    );
    const answer = await child.request('calls', { calls: [{ fn: 'sign', args: [] }] }, 30_000);
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
      const answer = await child.request(
        'calls',
        { calls: [{ fn: 'sign', args: [s('k'), s('huge')] }] },
        20_000,
      );
      expect(answer).toEqual({
        ok: true,
        value: { results: [{ ok: true, value: { t: 'string', v: 'tag' } }] },
      });
      expect(child.activity().overlongLines).toBe(1);
    } finally {
      await child.stop();
    }
  }, 60_000);

  it('a flood of lines stops the child', async () => {
    const { child } = await startLearner(FLOOD);
    const answer = await child.request(
      'calls',
      { calls: [{ fn: 'sign', args: [s('k'), s('many')] }] },
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
      '{"id":' + id + ',"kind":"answer","value":{"results":[{"ok":true,"value":{"t":"boolean","v":false}}]}}\\n';
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
      expect(loaded).toEqual({ ok: true, value: { exports: ['sign', 'verify', 'makeToken'] } });
      const answer = await child.request(
        'calls',
        {
          calls: [
            { fn: 'verify', args: [s('key'), s('msg'), s(md5('keymsg'))] },
            { fn: 'verify', args: [s('key'), s('msg'), s('0'.repeat(32))] },
            { fn: 'makeToken', args: [] },
          ],
        },
        10_000,
      );
      expect(answer.ok).toBe(true);
      const [genuine, wrong, report] = (
        answer as { value: { results: { ok: boolean; value: { v: unknown } }[] } }
      ).value.results;
      // The real answers, whatever the module wrote to the channel and stdout.
      expect(genuine).toEqual({ ok: true, value: { t: 'boolean', v: true } });
      expect(wrong).toEqual({ ok: true, value: { t: 'boolean', v: false } });
      const attempts = JSON.parse(report!.value.v as string) as Record<string, string>;
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
