/**
 * The length-extension forgery. The victim signs with tag = H(secret ‖ message). The digest of an
 * MD5, SHA-1, SHA-256 or SHA-512 hash is its whole chaining state after the padded input, so from
 * the tag alone the attacker can keep hashing: H(secret ‖ message ‖ glue ‖ append), where glue is
 * the padding the victim's hash added (it depends only on the secret's LENGTH). The attacker sends
 * message ‖ glue ‖ append with the new tag; the victim prepends its secret and gets the same hash.
 *
 * This module is the reusable API other labs call: `forgeExtension`, `forgeRange` and
 * `guessAlgorithmFromTagLength`. It imports only the teaching engines (no @noble), so the CLI
 * stays lean.
 */
import { bytesToHex, concatBytes } from '../../../core/bytes';
import { fail, ok, type Result } from '../../../core/result';
import {
  ENGINES,
  EXTENDABLE_ALGORITHMS,
  padding,
  resumeFromDigest,
  type ExtendableAlgorithm,
} from './merkle-damgard';

/** Far beyond any real key; keeps the numbers well inside exact double arithmetic. */
export const MAX_SECRET_LENGTH = 1 << 24;
/** The most secret lengths one range may try. */
export const MAX_RANGE_TRIES = 4096;

export interface ForgeRequest {
  algorithm: ExtendableAlgorithm;
  /** The tag the victim published for `message`. */
  tag: Uint8Array;
  message: Uint8Array;
  /** What the attacker wants to add. */
  append: Uint8Array;
  /** The secret's length, guessed or known; its bytes are never needed. */
  secretLength: number;
}

export interface Forgery {
  algorithm: ExtendableAlgorithm;
  secretLength: number;
  tag: Uint8Array;
  message: Uint8Array;
  append: Uint8Array;
  /** The padding the victim's hash put after secret ‖ message: it must travel inside the forged message. */
  gluePadding: Uint8Array;
  /** What the attacker sends: message ‖ glue padding ‖ append. */
  forgedMessage: Uint8Array;
  /** H(secret ‖ forgedMessage), computed without the secret. */
  forgedTag: Uint8Array;
  /** Bytes the victim's hash had consumed when it produced `tag`: secret + message + glue. */
  processedLength: number;
}

export type RangeRequest = Omit<ForgeRequest, 'secretLength'> & {
  minSecretLength: number;
  maxSecretLength: number;
};

const ALGORITHM_BY_TAG_LENGTH: Record<number, ExtendableAlgorithm> = {
  16: 'md5',
  20: 'sha1',
  32: 'sha256',
  64: 'sha512',
};

/** As HashPump does: the tag's length names the hash (16 → MD5, 20 → SHA-1, 32 → SHA-256, 64 → SHA-512). */
export function guessAlgorithmFromTagLength(length: number): Result<ExtendableAlgorithm> {
  const algorithm = ALGORITHM_BY_TAG_LENGTH[length];
  if (algorithm) return ok(algorithm);
  const hint =
    length === 28 || length === 48
      ? ` (${length} bytes is SHA-${length * 8}, a truncated hash: its tag hides part of the state, so it cannot be extended)`
      : '';
  return fail(
    'forge/tag-length',
    `A ${length}-byte tag (${length * 2} hex digits) fits none of MD5 (16 bytes), SHA-1 (20), SHA-256 (32) or SHA-512 (64)${hint}.`,
  );
}

export function checkSecretLength(value: number, name = 'The secret length'): Result<number> {
  if (!Number.isInteger(value) || value < 0)
    return fail('forge/secret-length', `${name} must be a whole number of bytes, 0 or more.`);
  if (value > MAX_SECRET_LENGTH)
    return fail('forge/secret-length', `${name} must be at most ${MAX_SECRET_LENGTH} bytes.`);
  return ok(value);
}

function checkTag(algorithm: ExtendableAlgorithm, tag: Uint8Array): Result<Uint8Array> {
  const engine = ENGINES[algorithm];
  if (tag.length === engine.digestSize) return ok(tag);
  return fail(
    'forge/tag-length',
    `A ${engine.label} tag is ${engine.digestSize} bytes (${engine.digestSize * 2} hex digits), but this one is ${tag.length} bytes.`,
  );
}

/** One forgery for one secret length. Fails (as a Result) on a tag of the wrong length or a bad length. */
export function forgeExtension(request: ForgeRequest): Result<Forgery> {
  if (!isAlgorithm(request.algorithm))
    return fail('forge/algorithm', `Unknown algorithm "${String(request.algorithm)}".`);
  const tag = checkTag(request.algorithm, request.tag);
  if (!tag.ok) return tag;
  const secretLength = checkSecretLength(request.secretLength);
  if (!secretLength.ok) return secretLength;
  return ok(forgeChecked(request));
}

function forgeChecked({ algorithm, tag, message, append, secretLength }: ForgeRequest): Forgery {
  const engine = ENGINES[algorithm];
  const original = secretLength + message.length;
  const gluePadding = padding(engine, original);
  const processedLength = original + gluePadding.length;
  return {
    algorithm,
    secretLength,
    tag,
    message,
    append,
    gluePadding,
    forgedMessage: concatBytes(message, gluePadding, append),
    forgedTag: resumeFromDigest(engine, tag, processedLength, append),
    processedLength,
  };
}

export function checkRange(min: number, max: number): Result<{ min: number; max: number }> {
  const low = checkSecretLength(min, 'The shortest secret length');
  if (!low.ok) return low;
  const high = checkSecretLength(max, 'The longest secret length');
  if (!high.ok) return high;
  if (min > max)
    return fail('forge/range', `The range ${min}–${max} is empty: the first length is larger.`);
  if (max - min + 1 > MAX_RANGE_TRIES)
    return fail(
      'forge/range',
      `That range has ${max - min + 1} lengths; try at most ${MAX_RANGE_TRIES} at once.`,
    );
  return ok({ min, max });
}

/** One forgery per secret length in [min, max], as hash_extender's --secret-min/--secret-max do. */
export function forgeRange(request: RangeRequest): Result<Forgery[]> {
  const checked = forgeEach(request);
  if (!checked.ok) return checked;
  return ok([...checked.value]);
}

/** The same, lazily: the checks happen now, each forgery when it is asked for. */
export function forgeEach(request: RangeRequest): Result<Iterable<Forgery>> {
  if (!isAlgorithm(request.algorithm))
    return fail('forge/algorithm', `Unknown algorithm "${String(request.algorithm)}".`);
  const tag = checkTag(request.algorithm, request.tag);
  if (!tag.ok) return tag;
  const range = checkRange(request.minSecretLength, request.maxSecretLength);
  if (!range.ok) return range;
  const { minSecretLength, maxSecretLength, ...rest } = request;
  function* each() {
    for (let secretLength = minSecretLength; secretLength <= maxSecretLength; secretLength++)
      yield forgeChecked({ ...rest, secretLength });
  }
  return ok(each());
}

function isAlgorithm(id: string): id is ExtendableAlgorithm {
  return (EXTENDABLE_ALGORITHMS as readonly string[]).includes(id);
}

// ---------------------------------------------------------------- what the victim's hash sees

export type SpanKind = 'secret' | 'message' | 'padding' | 'length' | 'append' | 'neutral';

/** A run of bytes with a role; the same shape as the shared ByteMap's regions. */
export interface ByteSpan {
  start: number;
  end: number;
  kind: SpanKind;
  label: string;
}

export interface ForgeryLayout {
  /** secret ‖ forged message ‖ final padding, with the secret's bytes unknown (null). */
  bytes: (number | null)[];
  spans: ByteSpan[];
  blockSize: number;
  /** Where the victim's original hash stopped and the attacker's compression takes over. */
  resumeAt: number;
}

export const SPAN_LABELS: Record<SpanKind, string> = {
  secret: 'secret (unknown to the attacker)',
  message: 'signed message',
  padding: 'glue padding (0x80 and zeros)',
  length: 'length field (bits hashed so far)',
  append: 'appended by the attacker',
  neutral: 'final padding (added by the hash, not sent)',
};

/** The bytes the victim hashes when it checks the forgery, in roles, block by block. */
export function layoutForgery(forgery: Forgery): ForgeryLayout {
  const engine = ENGINES[forgery.algorithm];
  const { secretLength, message, gluePadding, append } = forgery;
  const total = secretLength + forgery.forgedMessage.length;
  const finalPadding = padding(engine, total);
  const bytes: (number | null)[] = new Array<null>(secretLength).fill(null);
  for (const b of forgery.forgedMessage) bytes.push(b);
  for (const b of finalPadding) bytes.push(b);
  const spans: ByteSpan[] = [];
  const add = (kind: SpanKind, start: number, length: number) => {
    if (length > 0) spans.push({ start, end: start + length, kind, label: SPAN_LABELS[kind] });
  };
  let at = 0;
  add('secret', at, secretLength);
  at += secretLength;
  add('message', at, message.length);
  at += message.length;
  add('padding', at, gluePadding.length - engine.lengthFieldSize);
  at += gluePadding.length - engine.lengthFieldSize;
  add('length', at, engine.lengthFieldSize);
  at += engine.lengthFieldSize;
  add('append', at, append.length);
  at += append.length;
  add('neutral', at, finalPadding.length - engine.lengthFieldSize);
  at += finalPadding.length - engine.lengthFieldSize;
  add('length', at, engine.lengthFieldSize);
  return { bytes, spans, blockSize: engine.blockSize, resumeAt: forgery.processedLength };
}

/** Hex of the forged message and tag, the shape the CLI prints. */
export function describeForgery(forgery: Forgery) {
  return {
    algorithm: forgery.algorithm,
    secretLength: forgery.secretLength,
    newSignature: bytesToHex(forgery.forgedTag),
    newDataHex: bytesToHex(forgery.forgedMessage),
  };
}
