/**
 * Hashing in chunks: a file (or a pasted input) is fed to every chosen hash at once, one chunk at a
 * time, so a 1 GB file never has to be in memory. The source of chunks is passed in: a Blob in the
 * worker, a file stream in the CLI, an array in tests.
 */
import { bytesToHex } from '../../../core/bytes';
import { createMultiHasher, hashBytes, type HashAlgorithmId, getAlgorithm } from './algorithms';

/** Web Crypto has no incremental digest, so files above this size are checked by @noble/hashes only. */
export const CROSS_CHECK_LIMIT = 64 * 1024 * 1024;

export interface HashProgress {
  bytesDone: number;
  totalBytes: number;
  elapsedMs: number;
  /** Bytes per second so far. */
  throughput: number;
}

export interface DigestRow {
  algorithm: HashAlgorithmId;
  hex: string;
  /** `true`/`false` once checked against Web Crypto; `null` where Web Crypto lacks the algorithm or was not asked. */
  webCryptoAgrees: boolean | null;
}

export interface HashStreamResult {
  rows: DigestRow[];
  bytes: number;
  elapsedMs: number;
  throughput: number;
}

export interface HashStreamOptions {
  algorithms: readonly HashAlgorithmId[];
  totalBytes: number;
  now: () => number;
  onProgress?: (progress: HashProgress) => void;
  /** Minimum milliseconds between progress reports. */
  progressEveryMs?: number;
  isCancelled?: () => boolean;
}

export class HashCancelled extends Error {
  constructor() {
    super('Hashing was cancelled.');
  }
}

export async function hashChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: HashStreamOptions,
): Promise<HashStreamResult> {
  const hasher = createMultiHasher(options.algorithms);
  const start = options.now();
  const every = options.progressEveryMs ?? 100;
  let lastReport = -Infinity;
  let done = 0;
  const rate = (ms: number) => (ms > 0 ? (done / ms) * 1000 : 0);
  for await (const chunk of chunks) {
    if (options.isCancelled?.()) throw new HashCancelled();
    hasher.update(chunk);
    done += chunk.length;
    const now = options.now();
    if (options.onProgress && now - lastReport >= every) {
      lastReport = now;
      const elapsedMs = now - start;
      options.onProgress({
        bytesDone: done,
        totalBytes: options.totalBytes,
        elapsedMs,
        throughput: rate(elapsedMs),
      });
    }
  }
  const digests = hasher.digest();
  const elapsedMs = options.now() - start;
  options.onProgress?.({
    bytesDone: done,
    totalBytes: options.totalBytes,
    elapsedMs,
    throughput: rate(elapsedMs),
  });
  return {
    rows: options.algorithms.map((algorithm) => ({
      algorithm,
      hex: bytesToHex(digests[algorithm]),
      webCryptoAgrees: null,
    })),
    bytes: done,
    elapsedMs,
    throughput: rate(elapsedMs),
  };
}

/** Splits bytes into chunks without copying. */
export function* chunksOf(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  if (bytes.length === 0) yield bytes;
}

/** Hashes bytes already in memory with every algorithm (no progress; for small inputs). */
export function hashAll(bytes: Uint8Array, algorithms: readonly HashAlgorithmId[]): DigestRow[] {
  return algorithms.map((algorithm) => ({
    algorithm,
    hex: bytesToHex(hashBytes(algorithm, bytes)),
    webCryptoAgrees: null,
  }));
}

/** A `crypto.subtle.digest`-shaped function, passed in so this module stays free of globals. */
export type WebCryptoDigest = (
  name: 'SHA-1' | 'SHA-256' | 'SHA-512',
  data: Uint8Array,
) => Promise<ArrayBuffer>;

/** Recomputes each digest Web Crypto knows and records whether it agrees with @noble/hashes. */
export async function crossCheck(
  bytes: Uint8Array,
  rows: readonly DigestRow[],
  digest: WebCryptoDigest,
): Promise<DigestRow[]> {
  const out: DigestRow[] = [];
  for (const row of rows) {
    const name = getAlgorithm(row.algorithm).webCrypto;
    if (!name) {
      out.push({ ...row, webCryptoAgrees: null });
      continue;
    }
    const theirs = bytesToHex(new Uint8Array(await digest(name, bytes)));
    out.push({ ...row, webCryptoAgrees: theirs === row.hex });
  }
  return out;
}
