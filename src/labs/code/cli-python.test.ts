/**
 * `code-attack --file module.py` through the real CLI (scripts/cli.mjs): the battery against a
 * Python module run by CPython (Pyodide) in the isolated child, under the Python harness's audit
 * hook. The md5 module is forged (and node:crypto agrees), the HMAC module passes everything, a
 * hostile module achieves none of its file, process and network attempts (checked on disk and on a
 * listener this test opens) while the report lists each refused event, and broken modules get
 * their message and exit status.
 *
 * Like the other isolated-child tests these need the network namespace the CLI makes (runner.test.ts
 * checks this machine can); each run starts CPython, so they take seconds each.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAttackOutput } from './cli';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/cli.mjs', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const work = mkdtempSync(join(tmpdir(), 'code-attack-python-'));

function module(name: string, code: string): string {
  const file = join(work, name);
  writeFileSync(file, code);
  return file;
}

const KEY = 'an undisclosed key';
const LONG = 240_000;

describe('code-attack --file module.py', () => {
  it(
    'forges against hashlib.md5(secret + message), and node:crypto agrees the forged tag is right',
    async () => {
      // The module signs with its own key, so this test knows it and checks the forgery itself.
      const file = module(
        'md5.py',
        `import hashlib

KEY = ${JSON.stringify(KEY)}.encode()

def sign(secret: bytes, message: bytes) -> str:
    return hashlib.md5(KEY + message).hexdigest()

def verify(secret: bytes, message: bytes, sig: str) -> bool:
    sig2 = sign(secret, message)
    return sig == sig2
`,
      );
      const run = await runCli(['code-attack', '--file', file, '--json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(3);
      const output = JSON.parse(run.stdout) as CodeAttackOutput;
      const extension = output.results.find((r) => r.id === 'length-extension')!;
      expect(extension.verdict).toBe('fail');
      const forgery = (
        extension.evidence as { forgery: { forgedMessageHex: string; forgedTag: string } }
      ).forgery;
      const message = Buffer.from(forgery.forgedMessageHex, 'hex');
      expect(message.subarray(-11).toString('latin1')).toBe('&role=admin');
      const expected = createHash('md5')
        .update(Buffer.concat([Buffer.from(KEY), message]))
        .digest('hex');
      expect(forgery.forgedTag).toBe(expected);
      // Python's == read from the source: an early exit, named whether or not this run's clock
      // saw it. Usually it does not ('warn'); on a busy machine the measurement has found the
      // slope too ('fail', the source named in its notes). Both verdicts are right for ==.
      const timing = output.results.find((r) => r.id === 'timing')!;
      expect(['warn', 'fail']).toContain(timing.verdict);
      expect([timing.headline, ...timing.notes].join(' ')).toContain('verify compares with ==');
      expect(output.isolation?.pythonAudit).toEqual({ events: [], eventsDropped: 0 });
    },
    LONG,
  );

  it(
    'passes everything for HMAC-SHA256 with a key per purpose, hmac.compare_digest and secrets.token_urlsafe',
    async () => {
      const file = module(
        'hmac_fix.py',
        `import hashlib, hmac, secrets

def key_for(secret: bytes, purpose: str) -> bytes:
    return hmac.new(secret, b'signing:' + purpose.encode(), hashlib.sha256).digest()

def sign(secret: bytes, message: bytes, purpose: str = 'default') -> str:
    return hmac.new(key_for(secret, purpose), message, hashlib.sha256).hexdigest()

def verify(secret: bytes, message: bytes, tag: str, purpose: str = 'default') -> bool:
    return hmac.compare_digest(sign(secret, message, purpose), tag)

def make_token() -> str:
    return secrets.token_urlsafe(32)
`,
      );
      const run = await runCli(['code-attack', '--file', file, '--json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const output = JSON.parse(run.stdout) as CodeAttackOutput;
      expect(output.results.map((r) => [r.id, r.verdict])).toEqual([
        ['length-extension', 'pass'],
        ['tampering', 'pass'],
        ['truncation', 'pass'],
        ['keys-per-use', 'pass'],
        ['timing', 'pass'],
        ['tokens', 'pass'],
      ]);
      expect(output.results.find((r) => r.id === 'timing')!.headline).toContain(
        'hmac.compare_digest',
      );
    },
    LONG,
  );

  it(
    'predicts tokens made from random.getrandbits(32) with CPython’s own generator',
    async () => {
      const file = module(
        'order_numbers.py',
        `import random

def make_token() -> str:
    return str(random.getrandbits(32))
`,
      );
      const run = await runCli(['code-attack', '--file', file, '--only', 'tokens', '--json']);
      expect(run.code).toBe(3);
      const [tokens] = (JSON.parse(run.stdout) as CodeAttackOutput).results;
      expect(tokens).toMatchObject({ id: 'tokens', verdict: 'fail' });
      const prediction = (
        tokens!.evidence as { prediction: { predicted: string[]; actual: string[] } }
      ).prediction;
      expect(prediction.actual).toHaveLength(5);
      expect(prediction.predicted).toEqual(prediction.actual);
    },
    LONG,
  );

  describe('a module that tries to write, spawn and connect', () => {
    let server: Server;
    let port = 0;
    let connections = 0;
    const marker = randomBytes(8).toString('hex');
    const written = join(work, `written-${marker}`);
    const touched = join(work, `touched-${marker}`);
    const spawned = join(work, `spawned-${marker}`);

    beforeAll(async () => {
      server = createServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it(
      'achieves none of it, and the report lists each refused attempt',
      async () => {
        const file = module(
          'hostile.py',
          `import hashlib, hmac, os, socket, subprocess

tried = []

def attempt(name, action):
    try:
        action()
        tried.append(name + ': done')
    except BaseException as error:
        tried.append(name + ': ' + type(error).__name__)

def misbehave():
    attempt('write', lambda: open(${JSON.stringify(written)}, 'w').write('pwned'))
    attempt('system', lambda: os.system('touch ${touched}'))
    attempt('popen', lambda: subprocess.Popen(['touch', ${JSON.stringify(spawned)}]))
    attempt('connect', lambda: socket.create_connection(('127.0.0.1', ${port}), timeout=1))
    attempt('raw socket', lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(('127.0.0.1', ${port})))
    attempt('import ctypes', lambda: __import__('ctypes'))
    attempt('reach JavaScript', lambda: __import__('js'))
    print(tried)

misbehave()

def sign(secret: bytes, message: bytes, purpose: str = 'default') -> str:
    misbehave()
    return hmac.new(secret, purpose.encode() + b':' + message, hashlib.sha256).hexdigest()

def verify(secret: bytes, message: bytes, tag: str, purpose: str = 'default') -> bool:
    return hmac.compare_digest(sign(secret, message, purpose), tag)
`,
        );
        const run = await runCli(['code-attack', '--file', file, '--only', 'tampering', '--json']);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const output = JSON.parse(run.stdout) as CodeAttackOutput;
        expect(output.results[0]).toMatchObject({ id: 'tampering', verdict: 'pass' });
        // Nothing happened: no file, no process, no connection.
        expect(existsSync(written)).toBe(false);
        expect(existsSync(touched)).toBe(false);
        expect(existsSync(spawned)).toBe(false);
        expect(connections).toBe(0);
        const isolation = output.isolation!;
        expect(isolation.network).toBe('namespace');
        expect(isolation.stdout.text).toContain("'write: PermissionError'");
        expect(isolation.stdout.text).not.toContain(': done');
        const events = isolation.pythonAudit!.events;
        const seen = (name: string, arg: unknown) =>
          events.some((e) => e.event === name && e.refused && e.args.includes(arg));
        expect(seen('open', written)).toBe(true);
        expect(seen('os.system', `touch ${touched}`)).toBe(true);
        expect(events.some((e) => e.event.startsWith('socket.') && e.refused)).toBe(true);
        expect(seen('import', 'ctypes')).toBe(true);
        expect(seen('import', 'js')).toBe(true);
        expect(events.every((e) => e.refused)).toBe(true);
      },
      LONG,
    );
  });

  it.each([
    ['a syntax error', 'def sign(secret, message)\n    return 1\n', /SyntaxError: .*line 1/],
    [
      'no function',
      'SIGN = 1\n',
      /defines none of sign, verify and make_token\. Write, for example: def sign/,
    ],
    ['sign as a value', 'sign = 5\n', /defines sign as the int 5; define a function/],
    [
      'a refused event at load',
      "open('/etc/hostname').read()\n",
      /raised while loading: PermissionError: open was refused by the audit hook.*refused: open/,
    ],
  ])(
    'refuses a module with %s, saying why (exit 1)',
    async (_name, code, message) => {
      const run = await runCli(['code-attack', '--file', module('broken.py', code)]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
    },
    LONG,
  );

  it(
    'says what sign returned when it is not a tag, and leaves the signing attacks not run (exit 1)',
    async () => {
      const file = module(
        'none.py',
        'def sign(secret, message):\n    pass\n\ndef verify(secret, message, tag):\n    return False\n',
      );
      const run = await runCli(['code-attack', '--file', file]);
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).toContain(
        'sign returned None; return the tag as a str (hex, say) or bytes.',
      );
    },
    LONG,
  );

  it(
    'stops an endless loop at the time limit, saying so (exit 1)',
    async () => {
      const file = module('loop.py', 'while True:\n    pass\n');
      const run = await runCli(['code-attack', '--file', file, '--time-limit', '2']);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/time limit/i);
    },
    LONG,
  );
});
