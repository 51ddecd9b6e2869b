/**
 * A small TLS-like channel with the parts that matter here, done for real:
 *
 * - a certificate is a statement "this public key belongs to this host name", signed (Ed25519) by
 *   an issuer; checking it means: the issuer is in the client's trust store (a pinned key), the
 *   signature verifies with that key, and the name is the host the client asked for;
 * - the handshake: X25519 key agreement, and the server signs the transcript with the key in its
 *   certificate (so only the holder of that key can finish it);
 * - records: each one encrypted (SHA-256 in counter mode: a stand-in for AES-GCM, enough to show
 *   the bytes are unreadable) and authenticated with HMAC-SHA256, so a changed byte is noticed.
 *
 * Skipping the certificate check keeps the encryption but not the identity: the client then
 * happily completes a handshake with whoever answers, which is what pip did in 2012.
 */
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '../../../../core/bytes';
import { constantTimeEqual } from '../../../../core/compare';
import type { Drbg } from './drbg';

export interface Certificate {
  subject: string;
  issuer: string;
  publicKey: Uint8Array;
  signature: Uint8Array;
}

export interface TrustAnchor {
  name: string;
  publicKey: Uint8Array;
}

/** The signed part of a certificate. */
export function certificateBody(
  subject: string,
  issuer: string,
  publicKey: Uint8Array,
): Uint8Array {
  return utf8ToBytes(
    `subject: ${subject}\nissuer: ${issuer}\npublic-key: ${bytesToHex(publicKey)}\n`,
  );
}

export function issueCertificate(
  subject: string,
  subjectPublicKey: Uint8Array,
  issuer: string,
  issuerSecretKey: Uint8Array,
): Certificate {
  const body = certificateBody(subject, issuer, subjectPublicKey);
  return {
    subject,
    issuer,
    publicKey: subjectPublicKey,
    signature: ed25519.sign(body, issuerSecretKey),
  };
}

export function encodeCertificate(cert: Certificate): Uint8Array {
  return concatBytes(
    certificateBody(cert.subject, cert.issuer, cert.publicKey),
    utf8ToBytes(`signature: ${bytesToHex(cert.signature)}\n`),
  );
}

export interface CertificateCheck {
  ok: boolean;
  /** Each condition, checked in turn. */
  findings: string[];
}

export function checkCertificate(
  cert: Certificate,
  hostname: string,
  trustStore: readonly TrustAnchor[],
): CertificateCheck {
  const findings: string[] = [];
  const anchor = trustStore.find((a) => a.name === cert.issuer);
  if (!anchor) {
    findings.push(`Issuer “${cert.issuer}” is not in the trust store.`);
    return { ok: false, findings };
  }
  findings.push(
    `Issuer “${cert.issuer}” is in the trust store (pinned key ${bytesToHex(anchor.publicKey).slice(0, 16)}…).`,
  );
  const body = certificateBody(cert.subject, cert.issuer, cert.publicKey);
  if (!ed25519.verify(cert.signature, body, anchor.publicKey)) {
    findings.push('The issuer’s Ed25519 signature over the certificate does not verify.');
    return { ok: false, findings };
  }
  findings.push('The issuer’s Ed25519 signature over the certificate verifies.');
  if (cert.subject !== hostname) {
    findings.push(`The certificate is for ${cert.subject}, not ${hostname}.`);
    return { ok: false, findings };
  }
  findings.push(`The certificate names ${hostname}.`);
  return { ok: true, findings };
}

export interface ServerIdentity {
  certificate: Certificate;
  secretKey: Uint8Array;
}

export interface Session {
  encKey: Uint8Array;
  macKey: Uint8Array;
}

export interface Handshake {
  /** Client hello ‖ server hello ‖ certificate ‖ signature, as sent. */
  transcript: Uint8Array;
  certificate: Certificate;
  /** The server's Ed25519 signature over the transcript hash verified with the certificate key. */
  serverProvedKey: boolean;
  client: Session;
  server: Session;
}

function deriveSession(shared: Uint8Array, transcriptHash: Uint8Array): Session {
  const keys = hkdf(sha256, shared, transcriptHash, utf8ToBytes('playground tls keys'), 64);
  return { encKey: keys.slice(0, 32), macKey: keys.slice(32) };
}

/** Runs both sides of a handshake between a client and whoever answered (server or attacker). */
export function handshake(server: ServerIdentity, drbg: Drbg): Handshake {
  const clientSecret = drbg.bytes(32);
  const serverSecret = drbg.bytes(32);
  const clientShare = x25519.getPublicKey(clientSecret);
  const clientHello = concatBytes(utf8ToBytes('client-hello'), drbg.bytes(32), clientShare);
  const serverShare = x25519.getPublicKey(serverSecret);
  const serverHello = concatBytes(utf8ToBytes('server-hello'), drbg.bytes(32), serverShare);
  const certBytes = encodeCertificate(server.certificate);
  const transcriptHash = sha256(concatBytes(clientHello, serverHello, certBytes));
  const certificateVerify = ed25519.sign(transcriptHash, server.secretKey);
  const serverProvedKey = ed25519.verify(
    certificateVerify,
    transcriptHash,
    server.certificate.publicKey,
  );
  const clientShared = x25519.getSharedSecret(clientSecret, serverShare);
  const serverShared = x25519.getSharedSecret(serverSecret, clientShare);
  return {
    transcript: concatBytes(clientHello, serverHello, certBytes, certificateVerify),
    certificate: server.certificate,
    serverProvedKey,
    client: deriveSession(clientShared, transcriptHash),
    server: deriveSession(serverShared, transcriptHash),
  };
}

function keystream(key: Uint8Array, seq: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let block = 0; block * 32 < length; block++) {
    const pad = sha256(concatBytes(key, Uint8Array.of(seq >> 8, seq, block >> 8, block)));
    out.set(pad.subarray(0, Math.min(32, length - block * 32)), block * 32);
  }
  return out;
}

/** One protected record: ciphertext ‖ 32-byte HMAC over (sequence number ‖ ciphertext). */
export function sealRecord(session: Session, seq: number, plaintext: Uint8Array): Uint8Array {
  const pad = keystream(session.encKey, seq, plaintext.length);
  const ciphertext = plaintext.map((b, i) => b ^ pad[i]!);
  const tag = hmac(sha256, session.macKey, concatBytes(Uint8Array.of(seq >> 8, seq), ciphertext));
  return concatBytes(ciphertext, tag);
}

export function openRecord(session: Session, seq: number, record: Uint8Array): Uint8Array | null {
  if (record.length < 32) return null;
  const ciphertext = record.subarray(0, record.length - 32);
  const tag = record.subarray(record.length - 32);
  const expected = hmac(
    sha256,
    session.macKey,
    concatBytes(Uint8Array.of(seq >> 8, seq), ciphertext),
  );
  if (!constantTimeEqual(expected, tag)) return null;
  const pad = keystream(session.encKey, seq, ciphertext.length);
  return ciphertext.map((b, i) => b ^ pad[i]!);
}
