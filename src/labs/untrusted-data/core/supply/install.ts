/**
 * One `pip install tinyutils`, simulated step by step on real bytes: DNS over UDP, a connection in
 * plain text or TLS, the index page, the download, the checks that are switched on, and the
 * setup.py run. An attacker sits in one place and does the strongest thing that place allows;
 * every defence does its real check (hashes, signatures, a certificate against a pinned key), so
 * whether the attack succeeds is computed, not written down.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { md5 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, bytesToUtf8, parseHex, utf8ToBytes } from '../../../../core/bytes';
import { constantTimeEqual } from '../../../../core/compare';
import { Drbg } from './drbg';
import { encodeAnswer, encodeQuery, formatIp, parseMessage, type Ipv4 } from './dns';
import { encodeRequest, encodeResponse, parseResponse } from './http';
import { findLink, indexPage, pinnedHashes, type IndexLink } from './index-page';
import { checkAgainstLog } from './log';
import {
  ACCOUNTS,
  runSetup,
  setupScriptOf,
  type Privilege,
  type SetupEffect,
} from './setup-runner';
import { readTar } from './tar';
import { checkCertificate, handshake, openRecord, sealRecord, type ServerIdentity } from './tls';
import {
  ADDRESSES,
  ATTACKER_HOST,
  ATTACKER_IP,
  FILENAME,
  INDEX_HOST,
  MIRROR_HOST,
  PROJECT,
  VERSION,
  getWorld,
  type World,
} from './world';

export const ATTACKERS = ['none', 'wifi', 'onpath', 'mirror', 'index'] as const;
export type AttackerId = (typeof ATTACKERS)[number];

export const ATTACKER_INFO: Record<AttackerId, { label: string; where: string; can: string }> = {
  none: { label: 'No attacker', where: 'Nowhere', can: 'Nothing: this is the baseline.' },
  wifi: {
    label: 'Open Wi-Fi: spoofed DNS',
    where: 'On the same open Wi-Fi network as you',
    can: 'sees your DNS queries (UDP, unencrypted) and answers first with its own address, then answers as any host on its own server',
  },
  onpath: {
    label: 'On the path: plain HTTP',
    where: 'Between you and the servers (a hostile router, proxy or ISP)',
    can: 'reads and rewrites anything sent in plain text, and can answer TLS connections itself with a certificate it made',
  },
  mirror: {
    label: 'Compromised mirror',
    where: `Inside ${MIRROR_HOST}, the server that hosts the files`,
    can: 'serves its own archive and signature from the real server, which still has its valid certificate',
  },
  index: {
    label: 'Compromised index page',
    where: `Inside ${INDEX_HOST}, the package index`,
    can: 'rewrites the link and the hash on the index page to point at its own archive, on its own domain, which has a valid certificate',
  },
};

export const TRANSPORTS = ['http', 'tls', 'tls-verify'] as const;
export type Transport = (typeof TRANSPORTS)[number];
export const TRANSPORT_LABELS: Record<Transport, string> = {
  http: 'Plain HTTP',
  tls: 'TLS, certificate not checked',
  'tls-verify': 'TLS, certificate checked',
};

export const PAGE_HASHES = ['none', 'md5', 'sha256'] as const;
export type PageHash = (typeof PAGE_HASHES)[number];
export const PAGE_HASH_LABELS: Record<PageHash, string> = {
  none: 'No hash',
  md5: 'MD5 from the page',
  sha256: 'SHA-256 from the page',
};

export interface Defences {
  transport: Transport;
  pageHash: PageHash;
  lockFile: boolean;
  signature: boolean;
  log: boolean;
}

export const NO_DEFENCES: Defences = {
  transport: 'http',
  pageHash: 'none',
  lockFile: false,
  signature: false,
  log: false,
};

export interface InstallConfig {
  attacker: AttackerId;
  defences: Defences;
  privilege: Privilege;
}

export type StepStatus = 'ok' | 'attacked' | 'blocked';

export interface InstallStep {
  id: string;
  title: string;
  status: StepStatus;
  /** What happened, with the real values. */
  details: string[];
  /** What the attacker did at this step. */
  attacker?: string;
  /** The check a defence made here, and each thing it looked at. */
  check?: { name: string; passed: boolean; findings: string[] };
  /** The first bytes that crossed the network at this step. */
  wire?: { label: string; hex: string; length: number };
}

export type Outcome = 'clean' | 'blocked' | 'compromised';

export interface InstallResult {
  config: InstallConfig;
  steps: InstallStep[];
  outcome: Outcome;
  /** The check that stopped the install, when one did. */
  blockedBy: string | null;
  effects: SetupEffect[];
  summary: string;
}

const WIRE_PREVIEW = 96;
const wire = (label: string, bytes: Uint8Array) => ({
  label,
  hex: bytesToHex(bytes.subarray(0, WIRE_PREVIEW)),
  length: bytes.length,
});
const sameIp = (a: Ipv4, b: Ipv4) => a.every((x, i) => x === b[i]);
const INDEX_PATH = `/simple/${PROJECT}/`;
const FILE_PATH = `/packages/${FILENAME}`;

class Run {
  readonly world: World = getWorld();
  readonly drbg: Drbg;
  readonly steps: InstallStep[] = [];
  private readonly resolved = new Map<string, Ipv4>();
  constructor(readonly config: InstallConfig) {
    this.drbg = new Drbg(`install ${JSON.stringify(config)}`);
  }

  get scheme() {
    return this.config.defences.transport === 'http' ? 'http' : 'https';
  }

  /** The index page as a server writes it: a link to the file, with a hash if the index publishes one. */
  page(fileUrl: string, release: 'genuine' | 'evil'): Uint8Array {
    const { pageHash } = this.config.defences;
    const r = release === 'genuine' ? this.world.genuine : this.world.evil;
    const hash = pageHash === 'none' ? null : { name: pageHash, hex: r[pageHash] };
    return utf8ToBytes(indexPage(PROJECT, [{ url: fileUrl, hash }]));
  }

  /** What a server sends for a path: the real content, or the attacker's. */
  content(path: string, release: 'genuine' | 'evil', fileHost: string): Uint8Array {
    const r = release === 'genuine' ? this.world.genuine : this.world.evil;
    if (path === INDEX_PATH)
      return encodeResponse(
        200,
        'text/html',
        this.page(`${this.scheme}://${fileHost}${FILE_PATH}`, release),
      );
    if (path === FILE_PATH) return encodeResponse(200, 'application/x-tar', r.tar);
    if (path === `${FILE_PATH}.sig`)
      return encodeResponse(200, 'application/octet-stream', r.signature);
    return encodeResponse(404, 'text/plain', utf8ToBytes('not found'));
  }

  /** Who answers a connection to `ip` for `host`, and with what identity and content. */
  endpoint(
    ip: Ipv4,
    host: string,
  ): {
    who: string;
    identity: ServerIdentity;
    attacker: boolean;
    respond: (path: string) => Uint8Array;
  } {
    const { attacker } = this.config;
    if (sameIp(ip, ATTACKER_IP) && host !== ATTACKER_HOST) {
      // The Wi-Fi attacker's own machine, pretending to be whatever host was asked for.
      return {
        who: `the attacker’s machine (${formatIp(ip)}), pretending to be ${host}`,
        identity: this.world.forged[host]!,
        attacker: true,
        respond: (path) => this.content(path, 'evil', MIRROR_HOST),
      };
    }
    const compromised =
      host === ATTACKER_HOST ||
      (attacker === 'mirror' && host === MIRROR_HOST) ||
      (attacker === 'index' && host === INDEX_HOST);
    const fileHost = attacker === 'index' ? ATTACKER_HOST : MIRROR_HOST;
    return {
      who:
        host === ATTACKER_HOST
          ? `the attacker’s own server ${host} (${formatIp(ip)})`
          : `${host} (${formatIp(ip)})${compromised ? ', which the attacker controls' : ''}`,
      identity: this.world.servers[host]!,
      attacker: compromised,
      respond: (path) => this.content(path, compromised ? 'evil' : 'genuine', fileHost),
    };
  }

  resolve(host: string): Ipv4 {
    const known = this.resolved.get(host);
    if (known) return known;
    const id = this.drbg.uint16();
    const query = encodeQuery(id, host);
    const real = ADDRESSES[host]!;
    const arrivals: { from: string; bytes: Uint8Array }[] = [];
    const spoofing = this.config.attacker === 'wifi' && host !== ATTACKER_HOST;
    if (spoofing)
      arrivals.push({
        from: 'the attacker on the Wi-Fi',
        bytes: encodeAnswer(id, host, ATTACKER_IP, 3600),
      });
    arrivals.push({ from: 'the real resolver', bytes: encodeAnswer(id, host, real, 3600) });
    const details = [
      `Query id 0x${id.toString(16).padStart(4, '0')} for the A record of ${host} (${query.length} bytes, UDP, unencrypted).`,
    ];
    let chosen: Ipv4 | null = null;
    arrivals.forEach(({ from, bytes }, i) => {
      const message = parseMessage(bytes);
      if (!message.ok) return;
      const m = message.value;
      const matches = m.response && m.id === id && m.question === host && m.answers.length > 0;
      const ip = m.answers[0]?.ip;
      const taken = matches && chosen === null;
      if (taken) chosen = ip!;
      details.push(
        `${i === 0 ? 'First' : 'Then'} answer (${bytes.length} bytes) from ${from}: ${ip ? formatIp(ip) : 'no address'} — ${taken ? 'id and question match: used' : 'ignored, an answer was already taken'}.`,
      );
    });
    const ip = chosen ?? real;
    this.resolved.set(host, ip);
    this.steps.push({
      id: `dns-${host}`,
      title: `Look up ${host}`,
      status: spoofing ? 'attacked' : 'ok',
      details,
      attacker: spoofing
        ? `Saw the query on the open network and answered first with ${formatIp(ATTACKER_IP)}, copying its id.`
        : undefined,
      wire: wire(spoofing ? 'first answer received' : 'answer', arrivals[0]!.bytes),
    });
    return ip;
  }

  /** The on-path attacker rewrites responses for the package: what it sends instead, and what changed. */
  rewrite(path: string): { bytes: Uint8Array; what: string } | null {
    if (![INDEX_PATH, FILE_PATH, `${FILE_PATH}.sig`].includes(path)) return null;
    const what =
      path === INDEX_PATH
        ? 'the index page (same link, but the hash in it is now the attacker’s archive’s)'
        : path === FILE_PATH
          ? 'the archive (swapped for the attacker’s)'
          : 'the signature (replaced with one made with the attacker’s key)';
    return { bytes: this.content(path, 'evil', MIRROR_HOST), what };
  }

  fetch(host: string, path: string, what: string): Uint8Array | null {
    const { transport } = this.config.defences;
    const onPath = this.config.attacker === 'onpath';
    const ip = this.resolve(host);
    const server = this.endpoint(ip, host);
    const request = encodeRequest(path, host);
    const step: InstallStep = {
      id: `get-${what.replace(/\W+/g, '-')}`,
      title: `Download the ${what} from ${host}`,
      status: server.attacker ? 'attacked' : 'ok',
      details: [`Connected to ${server.who}.`],
    };
    if (server.attacker) step.attacker = `This server answers with the attacker’s ${what}.`;
    this.steps.push(step);
    let response: Uint8Array;
    if (transport === 'http') {
      response = server.respond(path);
      step.details.push(
        `Sent “GET ${path}” in plain text: anyone on the way can read and change it.`,
      );
      if (onPath) {
        const rewritten = this.rewrite(path);
        if (rewritten) {
          response = rewritten.bytes;
          step.status = 'attacked';
          step.attacker = `Rewrote ${rewritten.what} as it went by.`;
        }
      }
      step.wire = wire('response as it arrived (plain text)', response);
    } else {
      // On the path, the attacker answers the TLS connection itself, with a certificate it made.
      const identity = onPath ? this.world.forged[host]! : server.identity;
      const hs = handshake(identity, this.drbg);
      step.details.push(
        `TLS handshake: X25519 key agreement; certificate for ${hs.certificate.subject} issued by “${hs.certificate.issuer}”; the server’s signature over the handshake ${hs.serverProvedKey ? 'verifies with the certificate’s key' : 'does NOT verify'}.`,
      );
      if (onPath) {
        step.status = 'attacked';
        step.attacker = `Intercepted the connection and answered with its own certificate from “${hs.certificate.issuer}”.`;
      }
      if (transport === 'tls-verify') {
        const check = checkCertificate(hs.certificate, host, this.world.trustStore);
        step.check = { name: 'Certificate check', passed: check.ok, findings: check.findings };
        if (!check.ok) {
          step.status = 'blocked';
          step.details.push('The client hangs up: it cannot be sure who is on the other end.');
          return null;
        }
      } else {
        step.details.push(
          'Certificate not checked: the bytes are encrypted, but to whoever answered — that is what verify=False means.',
        );
      }
      if (!hs.serverProvedKey) {
        step.status = 'blocked';
        return null;
      }
      const sealedRequest = sealRecord(hs.client, 0, request);
      let plain = server.respond(path);
      if (onPath) {
        const rewritten = this.rewrite(path);
        if (rewritten) {
          plain = rewritten.bytes;
          step.attacker += ` Decrypted the real response with its own session key, rewrote ${rewritten.what}, and encrypted it again for you.`;
        }
      }
      const record = sealRecord(hs.server, 1, plain);
      const opened = openRecord(hs.client, 1, record);
      step.details.push(
        `Request and response travelled as protected records (${sealedRequest.length} and ${record.length} bytes; HMAC-SHA256 on each record ${opened ? 'verified' : 'FAILED'}).`,
      );
      step.wire = wire('response record on the wire (encrypted)', record);
      if (!opened) {
        step.status = 'blocked';
        return null;
      }
      response = opened;
    }
    const parsed = parseResponse(response);
    if (!parsed.ok || parsed.value.status !== 200) {
      step.status = 'blocked';
      step.details.push(parsed.ok ? `HTTP ${parsed.value.status}.` : parsed.error.message);
      return null;
    }
    const body = parsed.value.body;
    step.details.push(
      `HTTP 200: ${body.length} bytes, SHA-256 ${bytesToHex(sha256(body)).slice(0, 16)}…`,
    );
    return body;
  }

  check(id: string, name: string, passed: boolean, findings: string[]): boolean {
    this.steps.push({
      id,
      title: name,
      status: passed ? 'ok' : 'blocked',
      details: [],
      check: { name, passed, findings },
    });
    return passed;
  }
}

function hexEqual(a: string, b: string): boolean {
  const x = parseHex(a);
  const y = parseHex(b);
  return x.ok && y.ok && constantTimeEqual(x.value, y.value);
}

export function runInstall(config: InstallConfig): InstallResult {
  const run = new Run(config);
  const { world, steps } = run;
  const { defences } = config;
  const done = (outcome: Outcome, effects: SetupEffect[] = []): InstallResult => {
    const blocked = steps.find((s) => s.status === 'blocked');
    const blockedBy =
      outcome === 'blocked' ? (blocked?.check?.name ?? blocked?.title ?? null) : null;
    return {
      config,
      steps,
      outcome,
      blockedBy,
      effects,
      summary: summarize(config, outcome, blockedBy),
    };
  };

  const pageBytes = run.fetch(INDEX_HOST, INDEX_PATH, 'index page');
  if (!pageBytes) return done('blocked');
  const link = findLink(bytesToUtf8(pageBytes), FILENAME);
  if (!link.ok) {
    run.check('parse-index', 'Find the link', false, [link.error.message]);
    return done('blocked');
  }
  steps.push({
    id: 'parse-index',
    title: 'Read the link on the index page',
    status: link.value.url.includes(ATTACKER_HOST) ? 'attacked' : 'ok',
    details: [
      `href="${link.value.href}"`,
      link.value.hash
        ? `The page gives ${link.value.hash.name} ${link.value.hash.hex}.`
        : 'The page gives no hash.',
    ],
  });
  const fileUrl = /^https?:\/\/([^/]+)(\/.*)$/.exec(link.value.url);
  if (!fileUrl) {
    run.check('parse-index', 'Find the link', false, [`Cannot follow ${link.value.url}.`]);
    return done('blocked');
  }
  const [, fileHost, filePath] = fileUrl as unknown as [string, string, string];
  if (!ADDRESSES[fileHost]) {
    run.check('parse-index', 'Find the link', false, [`Unknown host ${fileHost}.`]);
    return done('blocked');
  }
  const tar = run.fetch(fileHost, filePath, 'archive');
  if (!tar) return done('blocked');
  let signature: Uint8Array | null = null;
  if (defences.signature) {
    signature = run.fetch(fileHost, `${filePath}.sig`, 'signature');
    if (!signature) return done('blocked');
  }

  const sha256Hex = bytesToHex(sha256(tar));
  if (defences.pageHash !== 'none' && !checkPageHash(run, link.value, tar, defences.pageHash))
    return done('blocked');
  if (defences.lockFile) {
    const pinned = pinnedHashes(world.lockFile, PROJECT);
    const passed = pinned.ok && pinned.value.hashes.some((h) => hexEqual(h, sha256Hex));
    const findings = pinned.ok
      ? [
          `The lock file, written before this install, pins ${PROJECT}==${pinned.value.version} to sha256:${pinned.value.hashes[0]!.slice(0, 16)}…`,
          `The download has sha256:${sha256Hex.slice(0, 16)}… — ${passed ? 'pinned' : 'not a pinned hash: refused, as pip --require-hashes refuses it'}.`,
        ]
      : [pinned.error.message];
    if (!run.check('check-lock', 'Hash pinned in the lock file', passed, findings))
      return done('blocked');
  }
  if (defences.signature && signature) {
    const valid =
      signature.length === 64 && ed25519.verify(signature, tar, world.publisher.publicKey);
    const findings = [
      `Ed25519 signature (${signature.length} bytes) from the server, checked against the publisher key pinned beforehand (${bytesToHex(world.publisher.publicKey).slice(0, 16)}…).`,
      valid
        ? 'It verifies: the publisher signed exactly these bytes.'
        : 'It does not verify: these bytes were not signed with the publisher’s key (an attacker can sign, but only with a key of their own).',
    ];
    if (!run.check('check-signature', 'Signature with the pinned publisher key', valid, findings))
      return done('blocked');
  }
  if (defences.log) {
    const check = checkAgainstLog(world.log, world.logKey.publicKey, FILENAME, sha256Hex);
    if (!run.check('check-log', 'Transparency log', check.ok, check.findings))
      return done('blocked');
  }

  const files = readTar(tar);
  const setup = files.ok ? setupScriptOf(files.value) : null;
  if (!files.ok || setup === null) {
    run.check('install', 'Unpack the archive', false, [
      files.ok ? 'No setup.py in the archive.' : files.error.message,
    ]);
    return done('blocked');
  }
  const account = ACCOUNTS[config.privilege];
  const effects = runSetup(setup, files.value, config.privilege);
  const evil = sha256Hex === world.evil.sha256;
  steps.push({
    id: 'install',
    title: `Run setup.py: ${account.command}`,
    status: evil ? 'attacked' : 'ok',
    details: [
      `Unpacked ${files.value.length} files: ${files.value.map((f) => f.name).join(', ')}.`,
      `setup.py runs as ${account.name} (uid ${account.uid}).`,
    ],
    attacker: evil
      ? 'The archive is the attacker’s: its setup.py runs now, with your rights.'
      : undefined,
  });
  return done(evil ? 'compromised' : 'clean', effects);
}

function checkPageHash(
  run: Run,
  link: IndexLink,
  tar: Uint8Array,
  name: 'md5' | 'sha256',
): boolean {
  const actual = bytesToHex(name === 'md5' ? md5(tar) : sha256(tar));
  const given = link.hash;
  const passed = given !== null && given.name === name && hexEqual(given.hex, actual);
  const findings = [
    given ? `The index page says ${given.name} ${given.hex}.` : `The index page gives no ${name}.`,
    `The download’s ${name} is ${actual}: ${passed ? 'equal' : 'different: refused'}.`,
  ];
  if (passed && bytesToHex(sha256(tar)) === run.world.evil.sha256)
    findings.push(
      'Equal — but the hash came from the same page as the link, and whoever changed the file changed the hash with it.',
    );
  return run.check(
    'check-page-hash',
    `${name === 'md5' ? 'MD5' : 'SHA-256'} from the index page`,
    passed,
    findings,
  );
}

function summarize(config: InstallConfig, outcome: Outcome, blockedBy: string | null): string {
  const account = ACCOUNTS[config.privilege];
  if (outcome === 'blocked')
    return `Stopped by: ${blockedBy}. Nothing from the attacker was installed or run.`;
  if (outcome === 'clean') return `Installed the genuine ${PROJECT} ${VERSION}.`;
  return `The attacker’s setup.py ran as ${account.name} (uid ${account.uid})${account.uid === 0 ? ': with root, the whole machine is theirs' : ': your files, keys and shell are theirs, though system files are not'}.`;
}
