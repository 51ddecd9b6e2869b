/**
 * A transparency log of published files: an append-only list of "name version file sha256"
 * lines, hashed into a Merkle tree as RFC 6962 §2.1 defines it, whose root and size the log
 * operator signs (Ed25519). A client that pins the log's key can check that the list it was given
 * is the one the log signed, and then notice when a published file's hash has changed.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '../../../../core/bytes';

export interface LogEntry {
  name: string;
  version: string;
  file: string;
  sha256: string;
  date: string;
}

export const entryLine = (e: LogEntry) =>
  `${e.name} ${e.version} ${e.file} sha256:${e.sha256} ${e.date}`;

/** RFC 6962 §2.1: MTH({d0}) = SHA-256(0x00 ‖ d0); MTH(D) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])). */
export function merkleRoot(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array());
  if (leaves.length === 1) return sha256(concatBytes(Uint8Array.of(0), leaves[0]!));
  let k = 1;
  while (k * 2 < leaves.length) k *= 2; // the largest power of two smaller than n
  return sha256(
    concatBytes(Uint8Array.of(1), merkleRoot(leaves.slice(0, k)), merkleRoot(leaves.slice(k))),
  );
}

export function treeHead(size: number, root: Uint8Array): Uint8Array {
  return utf8ToBytes(`log.example tree head\nsize: ${size}\nroot: ${bytesToHex(root)}\n`);
}

export interface SignedLog {
  entries: LogEntry[];
  root: Uint8Array;
  signature: Uint8Array;
}

export function signLog(entries: LogEntry[], secretKey: Uint8Array): SignedLog {
  const root = merkleRoot(entries.map((e) => utf8ToBytes(entryLine(e))));
  return { entries, root, signature: ed25519.sign(treeHead(entries.length, root), secretKey) };
}

export interface LogCheck {
  ok: boolean;
  findings: string[];
  entry: LogEntry | null;
}

/** Verifies the log against the pinned key, then looks the downloaded file up in it. */
export function checkAgainstLog(
  log: SignedLog,
  logPublicKey: Uint8Array,
  file: string,
  downloadedSha256: string,
): LogCheck {
  const findings: string[] = [];
  const root = merkleRoot(log.entries.map((e) => utf8ToBytes(entryLine(e))));
  const signed = ed25519.verify(log.signature, treeHead(log.entries.length, root), logPublicKey);
  findings.push(
    signed
      ? `Recomputed Merkle root ${bytesToHex(root).slice(0, 16)}… of ${log.entries.length} entries; the log’s signature over it verifies with the pinned log key.`
      : 'The log’s signature does not verify with the pinned log key: this is not the published log.',
  );
  if (!signed) return { ok: false, findings, entry: null };
  const entry = log.entries.find((e) => e.file === file) ?? null;
  if (!entry) {
    findings.push(`${file} has never been published: no entry in the log.`);
    return { ok: false, findings, entry };
  }
  if (entry.sha256 !== downloadedSha256) {
    findings.push(
      `Changed file: the log recorded ${file} on ${entry.date} with SHA-256 ${entry.sha256.slice(0, 16)}…, the download has ${downloadedSha256.slice(0, 16)}…`,
    );
    return { ok: false, findings, entry };
  }
  findings.push(`${file} matches the hash the log recorded on ${entry.date}.`);
  return { ok: true, findings, entry };
}
