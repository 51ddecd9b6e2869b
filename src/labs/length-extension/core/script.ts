/**
 * The forgery as a script to take home: standard-library Python 3.8+ or dependency-free Node that
 * does what the lab just did, from the same tag, message, extension and secret length(s). hashlib
 * and node:crypto cannot resume from a digest, so each script carries the one compression function
 * it needs (RFC 1321 §3.4, FIPS 180-4 §6.1.2, §6.2.2, §6.4.2) and the padding rule around it.
 */
import { bytesToHex } from '../../../core/bytes';
import { assert } from '../../../core/result';
import { jsString, nodeBuffer, pythonBytes, pythonString, wrapItems } from '../../../core/script';
import { T as MD5_T } from './md5';
import { ENGINES, type ExtendableAlgorithm } from './merkle-damgard';
import { K as SHA256_K } from './sha256';
import { KH as SHA512_KH, KL as SHA512_KL } from './sha512';

export interface ForgeryScriptInput {
  algorithm: ExtendableAlgorithm;
  tag: Uint8Array;
  message: Uint8Array;
  append: Uint8Array;
  /** The secret lengths to forge for, inclusive. */
  minSecretLength: number;
  maxSecretLength: number;
}

const hex32 = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');
const hex64 = (i: number) => hex32(SHA512_KH[i]!) + hex32(SHA512_KL[i]!).slice(2);

const MD5_SHIFTS = [
  [7, 12, 17, 22],
  [5, 9, 14, 20],
  [4, 11, 16, 23],
  [6, 10, 15, 21],
];

interface Sha2 {
  bits: 32 | 64;
  rounds: number;
  constants: string[];
  /** Σ0, Σ1 rotations; σ0, σ1 as two rotations and a shift (FIPS 180-4 §4.1.2, §4.1.3). */
  bigSigma0: [number, number, number];
  bigSigma1: [number, number, number];
  smallSigma0: [number, number, number];
  smallSigma1: [number, number, number];
  /** Where FIPS 180-4 gives the round constants and the compression. */
  constantsAt: string;
  compressionAt: string;
}

const SHA2: Record<'sha256' | 'sha512', Sha2> = {
  sha256: {
    bits: 32,
    rounds: 64,
    constants: Array.from(SHA256_K, hex32),
    bigSigma0: [2, 13, 22],
    bigSigma1: [6, 11, 25],
    smallSigma0: [7, 18, 3],
    smallSigma1: [17, 19, 10],
    constantsAt: '4.2.2',
    compressionAt: '6.2.2',
  },
  sha512: {
    bits: 64,
    rounds: 80,
    constants: Array.from({ length: 80 }, (_, i) => hex64(i)),
    bigSigma0: [28, 34, 39],
    bigSigma1: [14, 18, 41],
    smallSigma0: [1, 8, 7],
    smallSigma1: [19, 61, 6],
    constantsAt: '4.2.3',
    compressionAt: '6.4.2',
  },
};

function checkInput(input: ForgeryScriptInput) {
  const engine = ENGINES[input.algorithm];
  assert(input.tag.length === engine.digestSize, 'forgery script: the tag has the wrong length');
  assert(
    Number.isSafeInteger(input.minSecretLength) &&
      input.minSecretLength >= 0 &&
      input.maxSecretLength >= input.minSecretLength,
    'forgery script: bad secret length range',
  );
  return engine;
}

/** "An MD5 tag", "A SHA-256 tag". */
const articleFor = (algorithm: ExtendableAlgorithm) => (algorithm === 'md5' ? 'An' : 'A');

// ---------------------------------------------------------------- Python

function pythonCompression(algorithm: ExtendableAlgorithm): string {
  if (algorithm === 'md5')
    return String.raw`BLOCK, LENGTH_FIELD, BYTE_ORDER, WORDS = 64, 8, 'little', '<4I'
# RFC 1321, 3.4: T[i] = floor(2^32 * abs(sin(i + 1))), and each step's rotation.
T = [
${wrapItems(Array.from(MD5_T, hex32), '    ')}
]
S = ${MD5_SHIFTS.map((row) => `[${row.join(', ')}] * 4`).join(' + ')}


def rotl(x, n):
    return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF


def compress(state, block):
    """RFC 1321, 3.4: 64 steps over the block's sixteen little-endian words."""
    x = struct.unpack('<16I', block)
    a, b, c, d = state
    for i in range(64):
        if i < 16:
            f, k = (b & c) | (~b & d), i
        elif i < 32:
            f, k = (b & d) | (c & ~d), (5 * i + 1) % 16
        elif i < 48:
            f, k = b ^ c ^ d, (3 * i + 5) % 16
        else:
            f, k = c ^ (b | ~d), (7 * i) % 16
        a, b, c, d = d, (b + rotl((a + f + T[i] + x[k]) & 0xFFFFFFFF, S[i])) & 0xFFFFFFFF, b, c
    return [(s + v) & 0xFFFFFFFF for s, v in zip(state, (a, b, c, d))]`;
  if (algorithm === 'sha1')
    return String.raw`BLOCK, LENGTH_FIELD, BYTE_ORDER, WORDS = 64, 8, 'big', '>5I'


def rotl(x, n):
    return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF


def compress(state, block):
    """FIPS 180-4, 6.1.2: the message schedule, then 80 steps."""
    w = list(struct.unpack('>16I', block))
    for t in range(16, 80):
        w.append(rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1))
    a, b, c, d, e = state
    for t in range(80):
        if t < 20:
            f, k = (b & c) | (~b & d), 0x5A827999
        elif t < 40:
            f, k = b ^ c ^ d, 0x6ED9EBA1
        elif t < 60:
            f, k = (b & c) | (b & d) | (c & d), 0x8F1BBCDC
        else:
            f, k = b ^ c ^ d, 0xCA62C1D6
        a, b, c, d, e = (rotl(a, 5) + f + e + k + w[t]) & 0xFFFFFFFF, a, rotl(b, 30), c, d
    return [(s + v) & 0xFFFFFFFF for s, v in zip(state, (a, b, c, d, e))]`;
  const s = SHA2[algorithm];
  const word = s.bits === 32 ? 'I' : 'Q';
  const [r0, r1, r2] = s.bigSigma0;
  const [e0, e1, e2] = s.bigSigma1;
  const [a0, a1, a2] = s.smallSigma0;
  const [b0, b1, b2] = s.smallSigma1;
  return String.raw`BLOCK, LENGTH_FIELD, BYTE_ORDER, WORDS = ${s.bits * 2}, ${s.bits / 4}, 'big', '>8${word}'
MASK = ${s.bits === 32 ? '0xFFFFFFFF' : '0xFFFFFFFFFFFFFFFF'}
# FIPS 180-4, ${s.constantsAt}: the first ${s.bits} bits of the fractional parts of the cube roots of the first ${s.rounds} primes.
K = [
${wrapItems(s.constants, '    ')}
]


def rotr(x, n):
    return ((x >> n) | (x << (${s.bits} - n))) & MASK


def compress(state, block):
    """FIPS 180-4, ${s.compressionAt}: the message schedule, then ${s.rounds} rounds."""
    w = list(struct.unpack('>16${word}', block))
    for t in range(16, ${s.rounds}):
        s0 = rotr(w[t - 15], ${a0}) ^ rotr(w[t - 15], ${a1}) ^ (w[t - 15] >> ${a2})
        s1 = rotr(w[t - 2], ${b0}) ^ rotr(w[t - 2], ${b1}) ^ (w[t - 2] >> ${b2})
        w.append((w[t - 16] + s0 + w[t - 7] + s1) & MASK)
    a, b, c, d, e, f, g, h = state
    for t in range(${s.rounds}):
        t1 = h + (rotr(e, ${e0}) ^ rotr(e, ${e1}) ^ rotr(e, ${e2})) + ((e & f) ^ (~e & g)) + K[t] + w[t]
        t2 = (rotr(a, ${r0}) ^ rotr(a, ${r1}) ^ rotr(a, ${r2})) + ((a & b) ^ (a & c) ^ (b & c))
        a, b, c, d, e, f, g, h = (t1 + t2) & MASK, a, b, c, (d + t1) & MASK, e, f, g
    return [(s + v) & MASK for s, v in zip(state, (a, b, c, d, e, f, g, h))]`;
}

/** A standard-library Python script that forges, for each secret length, what the lab forges. */
export function forgeryPythonScript(input: ForgeryScriptInput): string {
  const engine = checkInput(input);
  const { label } = engine;
  const article = articleFor(input.algorithm);
  return String.raw`#!/usr/bin/env python3
"""Length extension on ${label}(secret || message), from Security Playground's length-extension lab.

Holding only a message and its tag, it signs message || glue padding || append without the secret.
${article} tag is the hash's whole chaining state after secret || message || glue padding, so the
hash can carry on from it; hashlib cannot start from a digest, hence the compression function
below. The secret's length is not known to an attacker: it forges once per length and lets the
server say which one it accepts.

Standard library only, Python 3.8 or later:  python3 length_extension.py
"""
import struct

TAG = bytes.fromhex(${pythonString(bytesToHex(input.tag))})
MESSAGE = ${pythonBytes(input.message)}
APPEND = ${pythonBytes(input.append)}
SECRET_LENGTHS = range(${input.minSecretLength}, ${input.maxSecretLength + 1})

${pythonCompression(input.algorithm)}


def padding(length):
    """What the hash appends after length bytes: 0x80, zeros, then the length in bits."""
    zeros = (BLOCK - LENGTH_FIELD - 1 - length) % BLOCK
    return b'\x80' + bytes(zeros) + (8 * length).to_bytes(LENGTH_FIELD, BYTE_ORDER)


def forge(secret_length):
    glue = padding(secret_length + len(MESSAGE))
    # When the server's hash wrote TAG it had consumed secret, message and glue: resume there.
    hashed = secret_length + len(MESSAGE) + len(glue)
    state = list(struct.unpack(WORDS, TAG))
    rest = APPEND + padding(hashed + len(APPEND))
    for i in range(0, len(rest), BLOCK):
        state = compress(state, rest[i:i + BLOCK])
    return glue, MESSAGE + glue + APPEND, struct.pack(WORDS, *state)


for secret_length in SECRET_LENGTHS:
    glue, message, tag = forge(secret_length)
    print('secret length:        ', secret_length)
    print('glue padding (hex):   ', glue.hex())
    print('forged message:       ', message)
    print('forged message (hex): ', message.hex())
    print('forged tag:           ', tag.hex())
`;
}

// ---------------------------------------------------------------- JavaScript (Node)

function nodeCompression(algorithm: ExtendableAlgorithm): string {
  if (algorithm === 'md5')
    return String.raw`const BLOCK = 64;
const LENGTH_FIELD = 8;
const readState = (buf) => Array.from({ length: 4 }, (_, i) => buf.readUInt32LE(4 * i));
function writeState(state) {
  const out = Buffer.alloc(16);
  state.forEach((s, i) => out.writeUInt32LE(s, 4 * i));
  return out;
}
function writeLength(out, bits) {
  out.writeBigUInt64LE(bits, out.length - 8);
}
// RFC 1321, 3.4: T[i] = floor(2^32 * abs(sin(i + 1))), and each step's rotation.
const T = [
${wrapItems(Array.from(MD5_T, hex32), '  ')},
];
const S = ${JSON.stringify(MD5_SHIFTS).replace(/,/g, ', ')}.flatMap((r) => [...r, ...r, ...r, ...r]);
const rotl = (x, n) => (x << n) | (x >>> (32 - n));

// RFC 1321, 3.4: 64 steps over the block's sixteen little-endian words.
function compress(state, block) {
  const x = Array.from({ length: 16 }, (_, i) => block.readUInt32LE(4 * i));
  let [a, b, c, d] = state;
  for (let i = 0; i < 64; i++) {
    let f, k;
    if (i < 16) [f, k] = [(b & c) | (~b & d), i];
    else if (i < 32) [f, k] = [(b & d) | (c & ~d), (5 * i + 1) % 16];
    else if (i < 48) [f, k] = [b ^ c ^ d, (3 * i + 5) % 16];
    else [f, k] = [c ^ (b | ~d), (7 * i) % 16];
    [a, b, c, d] = [d, (b + rotl((a + f + T[i] + x[k]) | 0, S[i])) | 0, b, c];
  }
  return state.map((s, i) => (s + [a, b, c, d][i]) >>> 0);
}`;
  if (algorithm === 'sha1')
    return String.raw`const BLOCK = 64;
const LENGTH_FIELD = 8;
const readState = (buf) => Array.from({ length: 5 }, (_, i) => buf.readUInt32BE(4 * i));
function writeState(state) {
  const out = Buffer.alloc(20);
  state.forEach((s, i) => out.writeUInt32BE(s, 4 * i));
  return out;
}
function writeLength(out, bits) {
  out.writeBigUInt64BE(bits, out.length - 8);
}
const rotl = (x, n) => (x << n) | (x >>> (32 - n));

// FIPS 180-4, 6.1.2: the message schedule, then 80 steps.
function compress(state, block) {
  const w = Array.from({ length: 16 }, (_, t) => block.readUInt32BE(4 * t));
  for (let t = 16; t < 80; t++) w.push(rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1));
  let [a, b, c, d, e] = state;
  for (let t = 0; t < 80; t++) {
    let f, k;
    if (t < 20) [f, k] = [(b & c) | (~b & d), 0x5a827999];
    else if (t < 40) [f, k] = [b ^ c ^ d, 0x6ed9eba1];
    else if (t < 60) [f, k] = [(b & c) | (b & d) | (c & d), 0x8f1bbcdc];
    else [f, k] = [b ^ c ^ d, 0xca62c1d6];
    [a, b, c, d, e] = [(rotl(a, 5) + f + e + k + w[t]) | 0, a, rotl(b, 30), c, d];
  }
  return state.map((s, i) => (s + [a, b, c, d, e][i]) >>> 0);
}`;
  const s = SHA2[algorithm];
  const n = (x: number) => `${x}n`;
  const [r0, r1, r2] = s.bigSigma0.map(n);
  const [e0, e1, e2] = s.bigSigma1.map(n);
  const [a0, a1, a2] = s.smallSigma0.map(n);
  const [b0, b1, b2] = s.smallSigma1.map(n);
  const read =
    s.bits === 32
      ? '(buf, i) => BigInt(buf.readUInt32BE(4 * i))'
      : '(buf, i) => buf.readBigUInt64BE(8 * i)';
  const write =
    s.bits === 32 ? 'out.writeUInt32BE(Number(v), 4 * i)' : 'out.writeBigUInt64BE(v, 8 * i)';
  return String.raw`const BLOCK = ${s.bits * 2};
const LENGTH_FIELD = ${s.bits / 4};
// Words are BigInts, so ${s.bits}-bit arithmetic is exact; MASK keeps them to ${s.bits} bits.
const MASK = (1n << ${s.bits}n) - 1n;
const readWord = ${read};
const readState = (buf) => Array.from({ length: 8 }, (_, i) => readWord(buf, i));
function writeState(state) {
  const out = Buffer.alloc(${s.bits});
  state.forEach((v, i) => ${write});
  return out;
}
function writeLength(out, bits) {
  out.writeBigUInt64BE(bits, out.length - 8);
}
// FIPS 180-4, ${s.constantsAt}: the first ${s.bits} bits of the fractional parts of the cube roots of the first ${s.rounds} primes.
const K = [
${wrapItems(
  s.constants.map((k) => `${k}n`),
  '  ',
)},
];
const rotr = (x, n) => ((x >> n) | (x << (${s.bits}n - n))) & MASK;

// FIPS 180-4, ${s.compressionAt}: the message schedule, then ${s.rounds} rounds.
function compress(state, block) {
  const w = Array.from({ length: 16 }, (_, t) => readWord(block, t));
  for (let t = 16; t < ${s.rounds}; t++) {
    const s0 = rotr(w[t - 15], ${a0}) ^ rotr(w[t - 15], ${a1}) ^ (w[t - 15] >> ${a2});
    const s1 = rotr(w[t - 2], ${b0}) ^ rotr(w[t - 2], ${b1}) ^ (w[t - 2] >> ${b2});
    w.push((w[t - 16] + s0 + w[t - 7] + s1) & MASK);
  }
  let [a, b, c, d, e, f, g, h] = state;
  for (let t = 0; t < ${s.rounds}; t++) {
    const t1 = h + (rotr(e, ${e0}) ^ rotr(e, ${e1}) ^ rotr(e, ${e2})) + ((e & f) ^ (~e & g)) + K[t] + w[t];
    const t2 = (rotr(a, ${r0}) ^ rotr(a, ${r1}) ^ rotr(a, ${r2})) + ((a & b) ^ (a & c) ^ (b & c));
    [a, b, c, d, e, f, g, h] = [(t1 + t2) & MASK, a, b, c, (d + t1) & MASK, e, f, g];
  }
  return state.map((v, i) => (v + [a, b, c, d, e, f, g, h][i]) & MASK);
}`;
}

/** The same forgery as a Node script with no dependencies (Node 12 or later). */
export function forgeryNodeScript(input: ForgeryScriptInput): string {
  const engine = checkInput(input);
  const { label } = engine;
  const article = articleFor(input.algorithm);
  return String.raw`#!/usr/bin/env node
// Length extension on ${label}(secret || message), from Security Playground's length-extension lab.
//
// Holding only a message and its tag, it signs message || glue padding || append without the
// secret. ${article} tag is the hash's whole chaining state after secret || message || glue padding,
// so the hash can carry on from it; node:crypto cannot start from a digest, hence the compression
// function below. The secret's length is not known to an attacker: it forges once per length and
// lets the server say which one it accepts.
//
// No dependencies, Node 12 or later:  node length-extension.js
'use strict';

const TAG = Buffer.from(${jsString(bytesToHex(input.tag))}, 'hex');
const MESSAGE = ${nodeBuffer(input.message)};
const APPEND = ${nodeBuffer(input.append)};
const SECRET_LENGTHS = [${input.minSecretLength}, ${input.maxSecretLength}];

${nodeCompression(input.algorithm)}

// What the hash appends after length bytes: 0x80, zeros, then the length in bits.
function padding(length) {
  const zeros = (((BLOCK - LENGTH_FIELD - 1 - length) % BLOCK) + BLOCK) % BLOCK;
  const out = Buffer.alloc(1 + zeros + LENGTH_FIELD);
  out[0] = 0x80;
  writeLength(out, BigInt(length) * 8n);
  return out;
}

function forge(secretLength) {
  const glue = padding(secretLength + MESSAGE.length);
  // When the server's hash wrote TAG it had consumed secret, message and glue: resume there.
  const hashed = secretLength + MESSAGE.length + glue.length;
  let state = readState(TAG);
  const rest = Buffer.concat([APPEND, padding(hashed + APPEND.length)]);
  for (let i = 0; i < rest.length; i += BLOCK) state = compress(state, rest.subarray(i, i + BLOCK));
  return { glue, message: Buffer.concat([MESSAGE, glue, APPEND]), tag: writeState(state) };
}

const printable = (buf) =>
  Array.from(buf, (b) =>
    b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : '\\x' + b.toString(16).padStart(2, '0'),
  ).join('');

for (let secretLength = SECRET_LENGTHS[0]; secretLength <= SECRET_LENGTHS[1]; secretLength++) {
  const { glue, message, tag } = forge(secretLength);
  console.log('secret length:         ' + secretLength);
  console.log('glue padding (hex):    ' + glue.toString('hex'));
  console.log('forged message:        ' + printable(message));
  console.log('forged message (hex):  ' + message.toString('hex'));
  console.log('forged tag:            ' + tag.toString('hex'));
}
`;
}
