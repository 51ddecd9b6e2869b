/** The hashes lab's worker: reads files in chunks and hashes them off the main thread, and times the engines. */
import { serveWorker } from '../../platform/worker-host';
import type { HashAlgorithmId } from './core/algorithms';
import {
  CROSS_CHECK_LIMIT,
  chunksOf,
  crossCheck,
  hashChunks,
  type HashProgress,
  type HashStreamResult,
} from './core/hash-stream';
import {
  measureSpeed,
  speedDigesters,
  type SpeedPlan,
  type SpeedProgress,
  type SpeedResult,
} from './core/speed';

const CHUNK = 4 * 1024 * 1024;

export type HashesApi = {
  'hash-bytes': {
    payload: { bytes: Uint8Array; algorithms: HashAlgorithmId[] };
    result: HashStreamResult;
  };
  'hash-file': {
    payload: { file: Blob; algorithms: HashAlgorithmId[] };
    progress: HashProgress;
    result: HashStreamResult;
  };
  'hash-speed': {
    payload: SpeedPlan;
    progress: SpeedProgress;
    result: SpeedResult;
  };
};

const subtleDigest = (name: 'SHA-1' | 'SHA-256' | 'SHA-512', data: Uint8Array) =>
  crypto.subtle.digest(name, data as Uint8Array<ArrayBuffer>);

async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  if (blob.size === 0) yield new Uint8Array();
  for (let offset = 0; offset < blob.size; offset += CHUNK) {
    yield new Uint8Array(await blob.slice(offset, offset + CHUNK).arrayBuffer());
  }
}

serveWorker<HashesApi>({
  'hash-bytes': async ({ bytes, algorithms }) => {
    const result = await hashChunks(chunksOf(bytes, CHUNK), {
      algorithms,
      totalBytes: bytes.length,
      now: () => performance.now(),
    });
    return { ...result, rows: await crossCheck(bytes, result.rows, subtleDigest) };
  },
  'hash-speed': (plan, progress) =>
    measureSpeed(plan, speedDigesters(crypto.subtle ? subtleDigest : null), {
      now: () => performance.now(),
      onProgress: progress,
    }),
  'hash-file': async ({ file, algorithms }, progress) => {
    const result = await hashChunks(blobChunks(file), {
      algorithms,
      totalBytes: file.size,
      now: () => performance.now(),
      onProgress: progress,
    });
    if (file.size > CROSS_CHECK_LIMIT) return result;
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { ...result, rows: await crossCheck(bytes, result.rows, subtleDigest) };
  },
});
