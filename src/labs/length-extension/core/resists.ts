/**
 * The same forgery against hashes built not to allow it, each keyed the naive way as
 * H(secret ‖ message). The attacker does the best the tag allows: reads it back as a state (with
 * the hidden part guessed as zeros), adds the glue that hash's padding would have made, and hashes
 * on over the appended data. The victim (@noble/hashes, with the secret) says whether the forged
 * tag is right. A full SHA-256 tag is tried the same way as the control.
 */
import { blake2s } from '@noble/hashes/blake2.js';
import { sha224, sha256, sha384, sha512_256 } from '@noble/hashes/sha2.js';
import { keccakP, sha3_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, concatBytes } from '../../../core/bytes';
import { constantTimeEqual } from '../../../core/compare';
import { blake2sBytesToState, blake2sContinue } from './blake2s';
import { ENGINES, continueHash, digestToState, padding, type MdAlgorithm } from './merkle-damgard';

export const RESIST_IDS = [
  'sha256',
  'sha224',
  'sha384',
  'sha512-256',
  'sha3-256',
  'blake2s',
] as const;
export type ResistId = (typeof RESIST_IDS)[number];

export interface ResistRow {
  id: ResistId;
  label: string;
  /** Bits of internal state, and how many of them the tag does not show. */
  stateBits: number;
  hiddenBits: number;
  tagHex: string;
  forgedTagHex: string;
  /** The victim's real verdict on message ‖ glue ‖ append with the forged tag. */
  accepted: boolean;
  /** What the attacker did with the tag. */
  attempt: string;
  /** Why it fails (or, for the control, why it works). */
  reason: string;
}

type Attempt = (
  tag: Uint8Array,
  secretLength: number,
  message: Uint8Array,
  append: Uint8Array,
) => { forgedMessage: Uint8Array; forgedTag: Uint8Array };

/** Merkle–Damgård with the hidden words of the state guessed as zero. */
function mdAttempt(id: MdAlgorithm): Attempt {
  const engine = ENGINES[id];
  return (tag, secretLength, message, append) => {
    const full = new Uint8Array(engine.stateSize);
    full.set(tag);
    const glue = padding(engine, secretLength + message.length);
    const processed = secretLength + message.length + glue.length;
    const forgedTag = continueHash(engine, digestToState(engine, full), processed, append);
    return { forgedMessage: concatBytes(message, glue, append), forgedTag };
  };
}

/** FIPS 202 SHA3-256: rate 136 bytes; pad with 0x06 … 0x80. */
const SHA3_RATE = 136;
function sha3Padding(length: number): Uint8Array {
  const pad = new Uint8Array(SHA3_RATE - (length % SHA3_RATE));
  pad[0] = 0x06;
  pad[pad.length - 1]! |= 0x80;
  return pad;
}

/** The digest put back as the first 32 bytes of the 200-byte Keccak state, the rest zero. */
const sha3Attempt: Attempt = (tag, secretLength, message, append) => {
  const glue = sha3Padding(secretLength + message.length);
  const state = new Uint8Array(200);
  state.set(tag);
  const tail = concatBytes(append, sha3Padding(append.length));
  const lanes = new Uint32Array(state.buffer);
  for (let offset = 0; offset < tail.length; offset += SHA3_RATE) {
    for (let i = 0; i < SHA3_RATE; i++) state[i]! ^= tail[offset + i]!;
    keccakP(lanes);
  }
  return { forgedMessage: concatBytes(message, glue, append), forgedTag: state.slice(0, 32) };
};

/** BLAKE2 pads only with zeros; the attacker continues from the tag over the appended block. */
const blake2sAttempt: Attempt = (tag, secretLength, message, append) => {
  const used = (secretLength + message.length) % 64;
  const glue = new Uint8Array(used === 0 ? 0 : 64 - used);
  const processed = secretLength + message.length + glue.length;
  const forgedTag = blake2sContinue(blake2sBytesToState(tag), processed, append);
  return { forgedMessage: concatBytes(message, glue, append), forgedTag };
};

const CASES: readonly {
  id: ResistId;
  label: string;
  hash: (bytes: Uint8Array) => Uint8Array;
  stateBits: number;
  attempt: Attempt;
  how: string;
  reason: string;
}[] = [
  {
    id: 'sha256',
    label: 'SHA-256 (control)',
    hash: sha256,
    stateBits: 256,
    attempt: mdAttempt('sha256'),
    how: 'Read the 8 state words from the tag and hashed on.',
    reason:
      'The tag is the whole chaining state, so hashing on from it is exactly what the victim does: accepted.',
  },
  {
    id: 'sha224',
    label: 'SHA-224',
    hash: sha224,
    stateBits: 256,
    attempt: mdAttempt('sha224'),
    how: 'Read 7 state words from the tag, guessed the 8th as zero, hashed on.',
    reason:
      'The output drops H7, so 32 bits of the chaining state are missing. Each guess costs a request to the victim; about four billion of them.',
  },
  {
    id: 'sha384',
    label: 'SHA-384',
    hash: sha384,
    stateBits: 512,
    attempt: mdAttempt('sha384'),
    how: 'Read 6 of the 8 64-bit words, guessed the other 2 as zero, hashed on.',
    reason:
      'The output drops two of eight 64-bit words: 128 hidden bits of chaining state, far beyond guessing.',
  },
  {
    id: 'sha512-256',
    label: 'SHA-512/256',
    hash: sha512_256,
    stateBits: 512,
    attempt: mdAttempt('sha512-256'),
    how: 'Read 4 of the 8 64-bit words, guessed the other 4 as zero, hashed on.',
    reason: 'Half the 512-bit chaining state (256 bits) never leaves the hash.',
  },
  {
    id: 'sha3-256',
    label: 'SHA3-256',
    hash: sha3_256,
    stateBits: 1600,
    attempt: sha3Attempt,
    how: 'Put the 32 tag bytes back as the start of the 1600-bit Keccak state, the rest zero, and absorbed on.',
    reason:
      'A sponge outputs only part of its state: the 512-bit capacity (and most of the rate) is never in the tag, so there is nothing to resume from.',
  },
  {
    id: 'blake2s',
    label: 'BLAKE2s-256',
    hash: blake2s,
    stateBits: 256,
    attempt: blake2sAttempt,
    how: 'Read the 8 state words from the tag and compressed on over the appended block.',
    reason:
      'The tag is the state after a block compressed with the finalisation flag set; in the longer message that block is not final, so the victim’s chain differs from that block on.',
  },
];

/** Tries the extension on each hash, the attacker knowing the secret's length (their best case). */
export function tryExtendingEach(options: {
  secret: Uint8Array;
  message: Uint8Array;
  append: Uint8Array;
}): ResistRow[] {
  const { secret, message, append } = options;
  return CASES.map((c) => {
    const tag = c.hash(concatBytes(secret, message));
    const { forgedMessage, forgedTag } = c.attempt(tag, secret.length, message, append);
    const accepted = constantTimeEqual(c.hash(concatBytes(secret, forgedMessage)), forgedTag);
    return {
      id: c.id,
      label: c.label,
      stateBits: c.stateBits,
      hiddenBits: c.stateBits - tag.length * 8,
      tagHex: bytesToHex(tag),
      forgedTagHex: bytesToHex(forgedTag),
      accepted,
      attempt: c.how,
      reason: c.reason,
    };
  });
}
