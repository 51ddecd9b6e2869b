/**
 * `code-attack --file` with a hostile submission, through the real CLI (scripts/cli.mjs) as a
 * grader runs it. The submission really tries to read /etc/hostname and a file of the grader's,
 * write a file and read it back, run `id`, read the environment (a marker is planted in the CLI's),
 * signal the CLI, reach a TCP listener this test opens, and forge its verdicts (patched
 * Array.prototype.push, Object.prototype.toJSON, JSON.stringify and process.stdout.write, a fake
 * report on stdout, fake answers on the child's channel). It logs what each attempt gave before it
 * starts forging; the CLI keeps that output apart, in the report's `isolation.stdout`.
 *
 * Like pickle-load's tests, these need the network namespace the CLI makes (runner.test.ts checks
 * this machine can); without it the CLI refuses to run the submission and these fail saying so.
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

/** The real CLI, as `npm run -s cli -- …` runs it, without blocking this process's listener. */
function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/cli.mjs', ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const work = mkdtempSync(join(tmpdir(), 'code-attack-hostile-'));
const KEY = 'an undisclosed key';
const ENV_MARKER = `env-marker-${randomBytes(8).toString('hex')}`;
const FILE_MARKER = `file-marker-${randomBytes(8).toString('hex')}`;
const gradersFile = join(work, 'graders-notes.txt');
const written = join(work, 'written-by-submission');

/** A report whose every verdict is a pass: what the submission tries to make the grader see. */
const FAKE_REPORT = JSON.stringify({
  checkProblem: null,
  results: ['length-extension', 'tampering', 'truncation', 'keys-per-use', 'timing', 'tokens'].map(
    (id) => ({ id, verdict: 'pass', headline: 'FORGED', notes: [], evidence: null }),
  ),
  isolation: null,
});

function submission(port: number): string {
  return `
const KEY = ${JSON.stringify(KEY)};
const stringify = JSON.stringify;
const write = process.stdout.write.bind(process.stdout);
const attempts = Object.create(null);
const load = new Function('name', 'return import(name)');
async function attempt(name, run) {
  try { attempts[name] = 'done: ' + String(await run()).slice(0, 200); }
  catch (e) { attempts[name] = 'refused: ' + (e && (e.code || e.message)); }
}
const fs = await load('node:fs');
await attempt('read /etc/hostname', () => fs.readFileSync('/etc/hostname', 'utf8'));
await attempt("read the grader's file", () => fs.readFileSync(${JSON.stringify(gradersFile)}, 'utf8'));
await attempt('write a file', () => fs.writeFileSync(${JSON.stringify(written)}, 'pwned'));
await attempt('read the file it wrote', () => fs.readFileSync(${JSON.stringify(written)}, 'utf8'));
await attempt('spawn id', async () => (await load('node:child_process')).execSync('id').toString());
await attempt('env', () => stringify(process.env) + ' ' + process.env.SP_GRADER_MARKER);
await attempt('signal the CLI', () => process.kill(process.ppid, 'SIGKILL'));
await attempt('connect', async () => {
  const net = await load('node:net');
  return new Promise((resolve, reject) => {
    const socket = net.connect(${port}, '127.0.0.1');
    socket.on('connect', () => resolve('connected'));
    socket.on('error', reject);
  });
});
await attempt('fetch', async () => (await fetch('http://127.0.0.1:${port}/')).status);
write('ATTEMPTS ' + stringify(attempts) + '\\n');

// Forging: patched built-ins, a fake report on stdout, fake answers on the channel.
const fake = ${JSON.stringify(FAKE_REPORT)};
write(fake + '\\n');
Array.prototype.push = function () { return 0; };
Object.prototype.toJSON = function () { return 'FORGED'; };
JSON.stringify = () => fake;
process.stdout.write = () => true;
let forged = 0;
function forge() {
  if (forged++ > 3) return;
  for (let id = 1; id < 40; id++) {
    const line = '{"id":' + id + ',"kind":"answer","value":[{"accepted":false},{"accepted":false}]}\\n';
    try { fs.writeSync(3, line); } catch {}
    write(line);
  }
  write(fake + '\\n');
}
export function sign(secret, message) { forge(); return md5(KEY + message); }
export function verify(secret, message, tag) { forge(); return md5(KEY + message) === tag; }
export function makeToken() { return Math.random().toString(36).slice(2); }
`;
}

let server: Server;
let connections = 0;
let port = 0;
let file = '';

beforeAll(async () => {
  writeFileSync(gradersFile, FILE_MARKER);
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  file = join(work, 'submission.js');
  writeFileSync(file, submission(port));
  // Builds the CLI bundle once, before the runs below.
  await runCli(['--help']);
}, 120_000);
afterAll(() => server.close());

describe('code-attack --file: a hostile submission achieves nothing', () => {
  it('cannot read, write, spawn, see the environment, signal, connect or forge; the real verdicts and exit 3', async () => {
    const run = await runCli(['code-attack', '--file', file, '--json'], {
      ...process.env,
      SP_GRADER_MARKER: ENV_MARKER,
    });
    // One JSON value on stdout, the CLI's own: not the fake report the submission printed.
    const report = JSON.parse(run.stdout) as CodeAttackOutput;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(3);

    const verdicts = Object.fromEntries(report.results.map((r) => [r.id, r.verdict]));
    expect(verdicts).toMatchObject({
      'length-extension': 'fail',
      tampering: 'pass',
      truncation: 'pass',
      'keys-per-use': 'fail',
    });
    expect(['warn', 'fail']).toContain(verdicts.tokens);
    expect(report.results.map((r) => r.id)).toEqual([
      'length-extension',
      'tampering',
      'truncation',
      'keys-per-use',
      'timing',
      'tokens',
    ]);
    expect(report.results.every((r) => r.headline !== 'FORGED')).toBe(true);

    // The forgery is real: node:crypto agrees the forged tag is md5(key ‖ forged message).
    const forgery = (
      report.results[0]!.evidence as { forgery: { forgedMessageHex: string; forgedTag: string } }
    ).forgery;
    const message = Buffer.from(forgery.forgedMessageHex, 'hex');
    expect(message.subarray(-11).toString('latin1')).toBe('&role=admin');
    expect(forgery.forgedTag).toBe(
      createHash('md5')
        .update(Buffer.concat([Buffer.from(KEY), message]))
        .digest('hex'),
    );

    const isolation = report.isolation!;
    expect(isolation.network).toBe('namespace');
    expect(isolation.failures).toEqual([]);
    // 39 lines on descriptor 3 for each of the 4 forging calls, none with the run's token.
    expect(isolation.forgedLines).toBe(4 * 39);
    const logged = /^ATTEMPTS (.*)$/m.exec(isolation.stdout.text);
    expect(logged).not.toBeNull();
    const attempts = JSON.parse(logged![1]!) as Record<string, string>;
    expect(attempts).toEqual({
      'read /etc/hostname': 'refused: ERR_ACCESS_DENIED',
      "read the grader's file": 'refused: ERR_ACCESS_DENIED',
      'write a file': 'refused: ERR_ACCESS_DENIED',
      'read the file it wrote': 'refused: ERR_ACCESS_DENIED',
      'spawn id': 'refused: ERR_ACCESS_DENIED',
      env: 'done: {} undefined',
      'signal the CLI': 'refused: process.kill is not available in the isolated child.',
      connect: expect.stringMatching(/^refused: (ENETUNREACH|ECONNREFUSED|EADDRNOTAVAIL)$/),
      fetch: expect.stringMatching(/^refused: /),
    });

    const everything = run.stdout + run.stderr;
    expect(everything).not.toContain(ENV_MARKER);
    expect(everything).not.toContain(FILE_MARKER);
    expect(everything).not.toContain('uid=');
    expect(existsSync(written)).toBe(false);
    expect(connections).toBe(0);
  }, 120_000);

  it('the human-readable report shows the real verdicts and none of what the submission printed', async () => {
    const run = await runCli(['code-attack', '--file', file, '--only', 'length-extension']);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^✗ length-extension +Forged: verify accepted/);
    expect(lines[1]).toMatch(/^The module printed \d+ characters on stdout .* \(see --json\)\.$/);
    expect(run.stdout).not.toContain('FORGED');
  }, 120_000);
});

describe('code-attack --file: a submission that cannot be graded does not pass', () => {
  it('one that ends the child to escape an attack leaves the run incomplete: exit 1, said why', async () => {
    const quitter = join(work, 'quitter.js');
    writeFileSync(
      quitter,
      `export function sign(secret, message) { return md5(secret + message); }
export function verify(secret, message, tag) {
  if (tag !== sign(secret, message)) process.exit(0);
  return true;
}`,
    );
    const run = await runCli(['code-attack', '--file', quitter, '--only', 'tampering', '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: the run is incomplete: The isolated child stopped unexpectedly \(exit status 0\)/,
    );
    const report = JSON.parse(run.stdout) as CodeAttackOutput;
    expect(report.results).toMatchObject([{ id: 'tampering', verdict: 'skip' }]);
    expect(report.isolation!.failures).toHaveLength(1);
  }, 120_000);

  it('one whose verify rejects genuine tags: the signing attacks do not run, exit 1', async () => {
    const refuser = join(work, 'refuser.js');
    writeFileSync(
      refuser,
      `export function sign(secret, message) { return md5(secret + message); }
export function verify() { return false; }`,
    );
    const run = await runCli(['code-attack', '--file', refuser, '--only', 'tampering', '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: the signing attacks did not run: verify rejected the tag/);
    expect(JSON.parse(run.stdout)).toMatchObject({
      checkProblem: expect.stringMatching(/^verify rejected/),
      results: [{ id: 'tampering', verdict: 'skip' }],
    });
  }, 120_000);
});
