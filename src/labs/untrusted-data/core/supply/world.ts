/**
 * The simulated internet: the hosts, their addresses and TLS identities, the certificate
 * authority the client trusts, the publisher's and the log's signing keys, the real and the
 * malicious archive, the lock file and the transparency log. Every key is derived from a fixed
 * label (SHA-256 of it), so the simulation is the same on every run; everything signed is signed
 * here, once, with @noble/curves' Ed25519.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { md5 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '../../../../core/bytes';
import type { Ipv4 } from './dns';
import { lockFile } from './index-page';
import { signLog, type SignedLog } from './log';
import { EVIL_SETUP, GENUINE_SETUP, makePackage } from './package';
import { issueCertificate, type ServerIdentity, type TrustAnchor } from './tls';

export const PROJECT = 'tinyutils';
export const VERSION = '1.0.0';
export const FILENAME = `${PROJECT}-${VERSION}.tar`;

export const INDEX_HOST = 'pypi.example';
export const MIRROR_HOST = 'files.example';
export const ATTACKER_HOST = 'attacker.example';

export const ADDRESSES: Record<string, Ipv4> = {
  [INDEX_HOST]: [192, 0, 2, 10],
  [MIRROR_HOST]: [192, 0, 2, 20],
  [ATTACKER_HOST]: [203, 0, 113, 66],
};
export const ATTACKER_IP: Ipv4 = ADDRESSES[ATTACKER_HOST]!;

export const CA_NAME = 'Playground Root CA';
export const FAKE_CA_NAME = 'Totally Trustworthy CA';

export interface KeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

export function keyPair(label: string): KeyPair {
  const secretKey = sha256(utf8ToBytes(`security-playground supply chain: ${label}`));
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) };
}

export interface Release {
  tar: Uint8Array;
  sha256: string;
  md5: string;
  /** The detached signature served next to the file (.sig). */
  signature: Uint8Array;
}

function release(tar: Uint8Array, signer: KeyPair): Release {
  return {
    tar,
    sha256: bytesToHex(sha256(tar)),
    md5: bytesToHex(md5(tar)),
    signature: ed25519.sign(tar, signer.secretKey),
  };
}

export interface World {
  trustStore: TrustAnchor[];
  /** Identities with certificates the trusted CA issued: the real servers, and attacker.example. */
  servers: Record<string, ServerIdentity>;
  /** Certificates the attacker made himself for hosts he does not own (no CA will sign them). */
  forged: Record<string, ServerIdentity>;
  publisher: KeyPair;
  attackerSigner: KeyPair;
  logKey: KeyPair;
  genuine: Release;
  evil: Release;
  lockFile: string;
  log: SignedLog;
}

let cached: World | null = null;

export function getWorld(): World {
  if (cached) return cached;
  const ca = keyPair('certificate authority');
  const fakeCa = keyPair('attacker certificate authority');
  const identity = (host: string, issuer: string, issuerKey: KeyPair): ServerIdentity => {
    const key = keyPair(`${issuer} ${host}`);
    return {
      certificate: issueCertificate(host, key.publicKey, issuer, issuerKey.secretKey),
      secretKey: key.secretKey,
    };
  };
  const publisher = keyPair('publisher');
  const attackerSigner = keyPair('attacker signing');
  const logKey = keyPair('transparency log');
  const genuine = release(makePackage(PROJECT, VERSION, GENUINE_SETUP), publisher);
  const evil = release(makePackage(PROJECT, VERSION, EVIL_SETUP), attackerSigner);
  const older = makePackage(PROJECT, '0.9.0', GENUINE_SETUP);
  const other = makePackage('textkit', '2.1.0', GENUINE_SETUP);
  const log = signLog(
    [
      {
        name: 'textkit',
        version: '2.1.0',
        file: 'textkit-2.1.0.tar',
        sha256: bytesToHex(sha256(other)),
        date: '2012-01-17',
      },
      {
        name: PROJECT,
        version: '0.9.0',
        file: 'tinyutils-0.9.0.tar',
        sha256: bytesToHex(sha256(older)),
        date: '2012-02-02',
      },
      {
        name: PROJECT,
        version: VERSION,
        file: FILENAME,
        sha256: genuine.sha256,
        date: '2012-03-10',
      },
    ],
    logKey.secretKey,
  );
  cached = {
    trustStore: [{ name: CA_NAME, publicKey: ca.publicKey }],
    servers: Object.fromEntries(
      [INDEX_HOST, MIRROR_HOST, ATTACKER_HOST].map((host) => [host, identity(host, CA_NAME, ca)]),
    ),
    forged: Object.fromEntries(
      [INDEX_HOST, MIRROR_HOST].map((host) => [host, identity(host, FAKE_CA_NAME, fakeCa)]),
    ),
    publisher,
    attackerSigner,
    logKey,
    genuine,
    evil,
    lockFile: lockFile(PROJECT, VERSION, genuine.sha256),
    log,
  };
  return cached;
}
