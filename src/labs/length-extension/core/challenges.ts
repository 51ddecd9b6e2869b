/**
 * The length-extension challenges. The server signs a query with tag = H(secret ‖ message) and
 * acts on the last `role=` it reads; the learner hands in a longer message that ends with
 * `&role=admin` and a tag for it. The server's hash is @noble/hashes (not this lab's teaching
 * engines, which the automatic attack uses), so an accepted answer is not the attack checking itself.
 */
import { constantTimeEqual } from '../../../core/compare';
import { md5 } from '@noble/hashes/legacy.js';
import { sha512 } from '@noble/hashes/sha2.js';
import {
  bytesToCEscaped,
  bytesToHex,
  bytesToUrlEncoded,
  bytesToUtf8,
  concatBytes,
  parseHex,
  parseUrlEncoded,
  utf8ToBytes,
} from '../../../core/bytes';
import {
  defineChallenge,
  hexField,
  onlyFields,
  stringField,
  tagField,
  type AnswerField,
  type Challenge,
  type ChallengeRng,
  type Verdict,
} from '../../../core/challenge';
import { expectOk, fail, ok, type Result } from '../../../core/result';
import { forgeExtension } from './forge';
import { ENGINES, padding, type MdEngine } from './merkle-damgard';
import { getPreset, readMessage } from './presets';

const APPEND = '&role=admin';
/** A forged message is the signed one, at most two blocks of glue, and the append: far below this. */
const MAX_MESSAGE_BYTES = 4096;
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];

type Algorithm = 'md5' | 'sha512';
const SERVER_HASH = { md5, sha512 } as const;

interface LengthRange {
  min: number;
  max: number;
}

/** The public part of the MD5 challenges (issue 14's format for unknown-length). */
export interface Md5Public {
  algorithm: 'md5';
  message: string;
  tag: string;
  append: string;
  secretLength: number | LengthRange;
}

/** The SHA-512 challenge: the server reads a URL-encoded query and signs its decoded bytes. */
export interface QueryPublic {
  algorithm: 'sha512';
  query: string;
  tag: string;
  append: string;
  secretLength: LengthRange;
}

export interface ServerSecret {
  /** The server's key, in hex. */
  key: string;
}

export interface Md5Answer {
  messageHex: string;
  tag: string;
}

export interface QueryAnswer {
  query: string;
  tag: string;
}

function signedMessage(rng: ChallengeRng): string {
  return `user=${rng.pick(USERS)}${rng.between(1, 999)}&role=user`;
}

function sign(algorithm: Algorithm, key: Uint8Array, message: Uint8Array): Uint8Array {
  return SERVER_HASH[algorithm](concatBytes(key, message));
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return (
    bytes.length >= prefix.length && constantTimeEqual(bytes.subarray(0, prefix.length), prefix)
  );
}

function endsWith(bytes: Uint8Array, suffix: Uint8Array): boolean {
  return bytes.length >= suffix.length && constantTimeEqual(bytes.subarray(-suffix.length), suffix);
}

/**
 * If `glue` is exactly the padding a hash adds after secret ‖ message for some secret length, that
 * length (read from the glue's length field, then checked byte for byte); otherwise null.
 */
export function glueSecretLength(
  engine: MdEngine,
  messageLength: number,
  glue: Uint8Array,
): number | null {
  const field = engine.lengthFieldSize;
  if (glue.length < 1 + field) return null;
  const at = glue.length - field;
  let bits = 0;
  for (let i = 0; i < 7; i++) {
    // MD5's length field is little-endian (RFC 1321 §3.2), SHA-512's big-endian (FIPS 180-4 §5.1.2).
    const b = engine.littleEndian ? glue[at + i]! : glue[glue.length - 1 - i]!;
    bits += b * 2 ** (8 * i);
  }
  if (bits % 8 !== 0) return null;
  const secretLength = bits / 8 - messageLength;
  if (secretLength < 0) return null;
  return constantTimeEqual(padding(engine, bits / 8), glue) ? secretLength : null;
}

interface Judged {
  algorithm: Algorithm;
  signed: Uint8Array;
  message: Uint8Array;
  tag: Uint8Array;
  key: Uint8Array;
  /** A known secret length is public: the reasons may then compare the glue with it. */
  knownLength: number | null;
}

/** The server's verdict and, when it refuses, the first thing in the message that is off. */
function judge({ algorithm, signed, message, tag, key, knownLength }: Judged): Verdict {
  const engine = ENGINES[algorithm];
  const append = utf8ToBytes(APPEND);
  const tagOk = constantTimeEqual(sign(algorithm, key, message), tag);
  const reading = readMessage(getPreset('api'), message);
  if (tagOk) {
    if (endsWith(message, append) && startsWith(message, signed))
      return {
        solved: true,
        reason: `The server computed the same tag, split the message on "&" and read role=${reading.decisive} last: you are admin, without ever knowing its key.`,
      };
    return {
      solved: false,
      reason: `The tag checks out, but the message does not end with ${APPEND}: the server read role=${reading.decisive ?? '(none)'} last.`,
    };
  }
  const mismatch = `The tag does not match what the server computes for this message, so it refuses it`;
  if (!startsWith(message, signed))
    return {
      solved: false,
      reason: `${mismatch}. A forged message must begin with the exact bytes the server signed ("${bytesToUtf8(signed)}"): the published tag vouches only for them, and extension can only add at the end.`,
    };
  if (!endsWith(message, append))
    return {
      solved: false,
      reason: `${mismatch}. Also, the message does not end with ${APPEND}, so even an accepted tag would leave the server reading role=${reading.decisive ?? '(none)'} last.`,
    };
  const glue = message.subarray(signed.length, message.length - append.length);
  if (glue.length === 0)
    return {
      solved: false,
      reason: `${mismatch}. Nothing stands between the signed message and ${APPEND}, but the server's ${engine.label} padded secret ‖ message before it produced the published tag, and that padding (the glue) has to travel inside your message.`,
    };
  const guessed = glueSecretLength(engine, signed.length, glue);
  if (guessed === null)
    return {
      solved: false,
      reason: `${mismatch}. The ${glue.length} bytes between the signed message and ${APPEND} are not ${engine.label} padding for any secret length: 0x80, then zeros until ${engine.lengthFieldSize} bytes before a ${engine.blockSize}-byte block boundary (counting the secret), then the bit length of secret ‖ message (${engine.littleEndian ? 'little' : 'big'}-endian).`,
    };
  if (knownLength !== null && guessed !== knownLength)
    return {
      solved: false,
      reason: `${mismatch}. Your glue is the padding for a ${guessed}-byte secret, but this server's secret is ${knownLength} bytes.`,
    };
  return {
    solved: false,
    reason: `${mismatch}. Your glue is well-formed ${engine.label} padding for a ${guessed}-byte secret${knownLength === null ? ' (is that the length of this server’s secret?)' : ''}; the tag must continue the hash from the published tag's state over ${APPEND}, with the final length counting secret, message, glue and append.`,
  };
}

function drawKey(rng: ChallengeRng, range: LengthRange): ServerSecret {
  return { key: rng.hex(rng.between(range.min, range.max)) };
}

function parseMd5Answer(answer: Record<string, unknown>): Result<Md5Answer> {
  const fields = onlyFields(answer, ['messageHex', 'tag']);
  if (!fields.ok) return fields;
  const message = hexField(answer, 'messageHex', MAX_MESSAGE_BYTES);
  if (!message.ok) return message;
  const tag = tagField(answer, 'tag', 16, 'MD5');
  if (!tag.ok) return tag;
  return ok({ messageHex: bytesToHex(message.value), tag: bytesToHex(tag.value) });
}

function checkMd5(pub: Md5Public, secret: ServerSecret, answer: Md5Answer): Verdict {
  return judge({
    algorithm: 'md5',
    signed: utf8ToBytes(pub.message),
    message: expectOk(parseHex(answer.messageHex)),
    tag: expectOk(parseHex(answer.tag)),
    key: expectOk(parseHex(secret.key)),
    knownLength: typeof pub.secretLength === 'number' ? pub.secretLength : null,
  });
}

function forgeMd5(pub: Md5Public, secretLength: number): Md5Answer {
  const forged = expectOk(
    forgeExtension({
      algorithm: 'md5',
      tag: expectOk(parseHex(pub.tag)),
      message: utf8ToBytes(pub.message),
      append: utf8ToBytes(pub.append),
      secretLength,
    }),
  );
  return { messageHex: bytesToHex(forged.forgedMessage), tag: bytesToHex(forged.forgedTag) };
}

/** With `tellLength`, the public part gives the secret's length; otherwise the range it was drawn from. */
function makeMd5(rng: ChallengeRng, range: LengthRange, tellLength: boolean) {
  const secret = drawKey(rng, range);
  const message = signedMessage(rng);
  const tag = sign('md5', expectOk(parseHex(secret.key)), utf8ToBytes(message));
  const pub: Md5Public = {
    algorithm: 'md5',
    message,
    tag: bytesToHex(tag),
    append: APPEND,
    secretLength: tellLength ? secret.key.length / 2 : range,
  };
  return { public: pub, secret };
}

const MD5_FIELDS: readonly AnswerField[] = [
  {
    name: 'messageHex',
    label: 'Message',
    kind: 'bytes',
    as: 'hex',
    hint: 'The signed query, the glue padding, then the append: type it in the encoding you choose.',
  },
  { name: 'tag', label: 'Tag (hex)', kind: 'hex', hint: 'MD5: 32 hex digits.' },
];

const KNOWN_RANGE = { min: 8, max: 32 };
const UNKNOWN_RANGE = { min: 1, max: 64 };

const SERVER_STORY =
  'An API signs each query as MD5(secret ‖ query) and hands you a signed query for your own account. It checks the tag, splits the query on "&" and acts on the last role= it reads.';

export const knownLength = defineChallenge<Md5Public, ServerSecret, Md5Answer>({
  id: 'length-extension/known-length',
  lab: 'length-extension',
  level: 1,
  title: 'Become admin: the secret’s length is known',
  brief: `${SERVER_STORY} This server even tells you how long its secret is.`,
  goal: `Hand in a message that starts with your signed query and ends with ${APPEND}, with a tag the server accepts.`,
  hints: [
    'The tag is MD5’s whole internal state after secret ‖ message ‖ padding. You can load it back into MD5 and keep hashing.',
    'Between the signed query and &role=admin goes the padding MD5 added to secret ‖ query: 0x80, zeros, then the bit length of secret ‖ query as 8 bytes little-endian. The secret’s length is all you need for it.',
    'The new tag is MD5 resumed from the published tag, fed &role=admin, with the final length counting secret + query + glue + append. The lab’s forge tool (or `security-playground forge`) does exactly this.',
  ],
  answerShape: '{ "messageHex": "<hex>", "tag": "<hex>" }',
  fields: MD5_FIELDS,
  make: (rng) => makeMd5(rng, KNOWN_RANGE, true),
  parseAnswer: parseMd5Answer,
  check: checkMd5,
  solve: (pub) => forgeMd5(pub, pub.secretLength as number),
});

export const unknownLength = defineChallenge<Md5Public, ServerSecret, Md5Answer>({
  id: 'length-extension/unknown-length',
  lab: 'length-extension',
  level: 2,
  title: 'Become admin: guess the secret’s length',
  brief: `${SERVER_STORY} This time the secret is somewhere from 1 to 64 bytes long, and the server answers at most 64 requests.`,
  goal: `Hand in a message that starts with your signed query and ends with ${APPEND}, with a tag the server accepts.`,
  hints: [
    'The glue padding depends on the secret’s length, never on its bytes. There are only 64 possible lengths.',
    'Forge one message and tag per length from 1 to 64; the server accepts exactly one of them. Each try costs one request.',
    'hash_extender and HashPump take a range of lengths (`security-playground forge --secret-min 1 --secret-max 64`).',
  ],
  answerShape: '{ "messageHex": "<hex>", "tag": "<hex>" }',
  fields: MD5_FIELDS,
  budget: { requests: 64, what: 'One request is one message and tag sent to the server.' },
  make: (rng) => makeMd5(rng, UNKNOWN_RANGE, false),
  parseAnswer: parseMd5Answer,
  check: checkMd5,
  solve(pub, oracle) {
    const range = pub.secretLength as LengthRange;
    let answer = forgeMd5(pub, range.min);
    for (let length = range.min; length <= range.max; length++) {
      answer = forgeMd5(pub, length);
      if (oracle(answer).solved) break;
    }
    return answer;
  },
});

// ---------------------------------------------------------------- SHA-512 behind a URL-encoded query

function parseQueryAnswer(answer: Record<string, unknown>): Result<QueryAnswer> {
  const fields = onlyFields(answer, ['query', 'tag']);
  if (!fields.ok) return fields;
  const query = stringField(answer, 'query', MAX_MESSAGE_BYTES * 3);
  if (!query.ok) return query;
  const decoded = parseUrlEncoded(query.value);
  if (!decoded.ok) return fail(decoded.error.code, `query: ${decoded.error.message}`);
  const tag = tagField(answer, 'tag', 64, 'SHA-512');
  if (!tag.ok) return tag;
  return ok({ query: query.value, tag: bytesToHex(tag.value) });
}

/** The first non-ASCII character: the server turns it into two to four UTF-8 bytes. */
function rawByteIn(query: string): { char: string; at: number } | null {
  for (let at = 0; at < query.length; at++)
    if (query.charCodeAt(at) > 0x7f)
      return { char: String.fromCodePoint(query.codePointAt(at)!), at };
  return null;
}

export const sha512Query = defineChallenge<QueryPublic, ServerSecret, QueryAnswer>({
  id: 'length-extension/sha512-query',
  lab: 'length-extension',
  level: 3,
  title: 'SHA-512 behind a URL: encode the glue',
  brief:
    'This API signs with SHA-512(secret ‖ query), where the query is what it gets after percent-decoding the URL’s query string (%XX is the byte XX; everything else is taken as UTF-8). It acts on the last role= it reads. The secret is 1 to 64 bytes long; the server answers at most 64 requests.',
  goal: `Hand in a query string, as it would appear in the URL, that decodes to your signed query followed by ${APPEND} (with whatever must come between), and a tag the server accepts.`,
  hints: [
    'SHA-512 extends like MD5, with 128-byte blocks and a 16-byte big-endian length field.',
    'The glue contains bytes such as 0x80 and 0x00 that cannot appear in a URL as they are. How does the server turn %XX into bytes?',
    'Percent-encode every glue byte (%80, %00, …). Typing U+0080 as a character would reach the server as the two UTF-8 bytes C2 80.',
  ],
  answerShape: '{ "query": "<URL-encoded query string>", "tag": "<hex>" }',
  fields: [
    {
      name: 'query',
      label: 'Query string',
      kind: 'text',
      hint: 'As it appears in the URL after "?": the server percent-decodes it.',
    },
    { name: 'tag', label: 'Tag (hex)', kind: 'hex', hint: 'SHA-512: 128 hex digits.' },
  ],
  budget: { requests: 64, what: 'One request is one query and tag sent to the server.' },
  make(rng) {
    const secret = drawKey(rng, UNKNOWN_RANGE);
    const message = signedMessage(rng);
    const tag = sign('sha512', expectOk(parseHex(secret.key)), utf8ToBytes(message));
    return {
      public: {
        algorithm: 'sha512',
        query: message,
        tag: bytesToHex(tag),
        append: APPEND,
        secretLength: UNKNOWN_RANGE,
      },
      secret,
    };
  },
  parseAnswer: parseQueryAnswer,
  check(pub, secret, answer) {
    const message = expectOk(parseUrlEncoded(answer.query));
    const verdict = judge({
      algorithm: 'sha512',
      signed: expectOk(parseUrlEncoded(pub.query)),
      message,
      tag: expectOk(parseHex(answer.tag)),
      key: expectOk(parseHex(secret.key)),
      knownLength: null,
    });
    if (verdict.solved) return verdict;
    if (answer.query.includes('\\x'))
      return {
        solved: false,
        reason: `${verdict.reason} Note: the server does not read C escapes: "\\x80" in a query is the four characters \\, x, 8 and 0. Bytes travel in a URL as %XX.`,
      };
    const raw = rawByteIn(answer.query);
    if (!raw) return verdict;
    const code = raw.char.codePointAt(0)!;
    const bytes = bytesToCEscaped(utf8ToBytes(String.fromCodePoint(code)));
    return {
      solved: false,
      reason: `${verdict.reason} Note: your query carries U+${code.toString(16).toUpperCase().padStart(4, '0')} as a raw character at position ${raw.at}; the server reads it as the UTF-8 bytes "${bytes}", not as one byte. Bytes outside plain ASCII travel as %XX.`,
    };
  },
  solve(pub, oracle) {
    let answer: QueryAnswer = { query: pub.query, tag: pub.tag };
    for (let length = pub.secretLength.min; length <= pub.secretLength.max; length++) {
      const forged = expectOk(
        forgeExtension({
          algorithm: 'sha512',
          tag: expectOk(parseHex(pub.tag)),
          message: expectOk(parseUrlEncoded(pub.query)),
          append: utf8ToBytes(pub.append),
          secretLength: length,
        }),
      );
      answer = {
        query: bytesToUrlEncoded(forged.forgedMessage).replace(/%3D/g, '=').replace(/%26/g, '&'),
        tag: bytesToHex(forged.forgedTag),
      };
      if (oracle(answer).solved) break;
    }
    return answer;
  },
});

export const LENGTH_EXTENSION_CHALLENGES: readonly Challenge[] = [
  knownLength,
  unknownLength,
  sha512Query,
];
