/**
 * Token generators side by side: what their output looks like to statistics, and what an attacker
 * actually has to search. All of them pass the standard tests; only two are safe.
 */
import { PythonRandom } from './python-random';
import { byteEntropy, chiSquareBytes, monobitTest, runsTest, type TestResult } from './bit-tests';
import { formatNumber } from '../../../core/number-format';

export type GeneratorId =
  'math-random' | 'python-mt' | 'time-seeded' | 'crypto-values' | 'crypto-uuid';

/** Where the randomness comes from (in the worker: the engine's Math.random, Web Crypto, the clock). */
export interface EntropySources {
  mathRandom: () => number;
  /** Fills up to 65,536 bytes, like crypto.getRandomValues. */
  randomBytes: (length: number) => Uint8Array;
  randomUUID: () => string;
  /** The current Unix time in seconds. */
  nowSeconds: number;
}

export interface GeneratorReport {
  id: GeneratorId;
  label: string;
  /** How the token is made, as a line of code. */
  code: string;
  tokens: string[];
  /** The size of the token space, in bits. */
  keyspaceBits: number;
  /** What an attacker actually has to search, in bits, and why. */
  attackerBits: number;
  attackerNote: string;
  /** Shannon entropy of the output bytes, measured on the sample. */
  entropyPerByte: number;
  /** Tokens made in a burst (a busy server: 1,000 over 10 seconds) and how many were different. */
  burst: { made: number; distinct: number };
  /** The first 16,384 output bits (128 × 128), packed most significant bit first. */
  bitmap: Uint8Array;
  sampleBytes: number;
  tests: { monobit: TestResult; runs: TestResult; chiSquare: TestResult };
}

export interface EntropyOptions {
  alphabet: string;
  length: number;
  /** Bytes of output each generator is tested on. */
  sampleBytes?: number;
  /** Seconds the time-seeded search window spans (a day by default). */
  windowSeconds?: number;
}

export const GENERATOR_IDS: readonly GeneratorId[] = [
  'math-random',
  'python-mt',
  'time-seeded',
  'crypto-values',
  'crypto-uuid',
];

const BITMAP_BYTES = 2048;
const BURST = 1000;
const BURST_SECONDS = 10;

function fillBytes(length: number, next: () => number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = next();
  return out;
}

/** Output bytes of an MT generator as `random.randbytes` gives them (32-bit words, little-endian). */
function mtBytes(random: PythonRandom, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 4) {
    const word = random.nextUint32();
    for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (word >>> (8 * j)) & 0xff;
  }
  return out;
}

function cryptoBytes(sources: EntropySources, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) {
    out.set(sources.randomBytes(Math.min(65536, length - offset)), offset);
  }
  return out;
}

/**
 * `secrets.choice`-style tokens from random bytes: a byte is used only if it is below the largest
 * multiple of the alphabet size, so every symbol is equally likely (no modulo bias).
 */
export function tokenFromBytes(
  alphabet: string,
  length: number,
  randomBytes: (n: number) => Uint8Array,
): string {
  const symbols = Array.from(alphabet);
  const n = symbols.length;
  if (n > 256) throw new Error('tokenFromBytes handles alphabets of up to 256 symbols.');
  const limit = 256 - (256 % n);
  const chars: string[] = [];
  while (chars.length < length) {
    for (const byte of randomBytes(Math.min(65536, Math.max(16, length * 2)))) {
      if (byte < limit) chars.push(symbols[byte % n]!);
      if (chars.length === length) break;
    }
  }
  return chars.join('');
}

/** The 122 random bits of version-4 UUIDs, packed: the 6 fixed version and variant bits are left out. */
function uuidBytes(randomUUID: () => string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let bit = 0;
  while (bit < length * 8) {
    const hex = randomUUID().replace(/-/g, '');
    for (let i = 0; i < 128 && bit < length * 8; i++) {
      // Bits 48–51 hold the version (4), bits 64–65 the variant (10).
      if ((i >= 48 && i < 52) || i === 64 || i === 65) continue;
      const nibble = parseInt(hex[i >>> 2]!, 16);
      if ((nibble >>> (3 - (i & 3))) & 1) out[bit >>> 3]! |= 0x80 >>> (bit & 7);
      bit++;
    }
  }
  return out;
}

function seedWordsFrom(sources: EntropySources): Uint32Array {
  const bytes = cryptoBytes(sources, 624 * 4);
  return new Uint32Array(bytes.buffer, bytes.byteOffset, 624);
}

function report(
  base: Omit<GeneratorReport, 'entropyPerByte' | 'bitmap' | 'tests' | 'sampleBytes'>,
  sample: Uint8Array,
): GeneratorReport {
  return {
    ...base,
    entropyPerByte: byteEntropy(sample),
    bitmap: sample.slice(0, BITMAP_BYTES),
    sampleBytes: sample.length,
    tests: {
      monobit: monobitTest(sample),
      runs: runsTest(sample),
      chiSquare: chiSquareBytes(sample),
    },
  };
}

/** Runs one generator: sample tokens, a burst, and the tests on its output bytes. */
export function measureGenerator(
  id: GeneratorId,
  sources: EntropySources,
  options: EntropyOptions,
): GeneratorReport {
  const { alphabet, length } = options;
  const sampleBytes = options.sampleBytes ?? 65536;
  const symbols = Array.from(alphabet);
  const keyspaceBits = length * Math.log2(symbols.length);
  const window = options.windowSeconds ?? 86400;
  const distinct = (make: (i: number) => string) => {
    const seen = new Set<string>();
    for (let i = 0; i < BURST; i++) seen.add(make(i));
    return { made: BURST, distinct: seen.size };
  };
  switch (id) {
    case 'math-random': {
      const token = () =>
        Array.from(
          { length },
          () => symbols[Math.floor(sources.mathRandom() * symbols.length)],
        ).join('');
      return report(
        {
          id,
          label: 'Math.random',
          code: 'alphabet[Math.floor(Math.random() * n)]',
          tokens: [token(), token(), token()],
          keyspaceBits,
          attackerBits: 0,
          attackerNote: 'Its 128-bit state falls out of about five outputs (see above).',
          burst: distinct(token),
        },
        fillBytes(sampleBytes, () => Math.floor(sources.mathRandom() * 256)),
      );
    }
    case 'python-mt': {
      const random = PythonRandom.fromSeedWords(seedWordsFrom(sources));
      const token = () => random.choiceString(alphabet, length);
      return report(
        {
          id,
          label: 'Python random (MT19937)',
          code: 'random.choice(alphabet)',
          tokens: [token(), token(), token()],
          keyspaceBits,
          attackerBits: 0,
          attackerNote: 'Seeded from the OS, yet 624 outputs clone it (see above).',
          burst: distinct(token),
        },
        mtBytes(random, sampleBytes),
      );
    }
    case 'time-seeded': {
      const token = (t: number) => new PythonRandom(t).choiceString(alphabet, length);
      const now = sources.nowSeconds;
      return report(
        {
          id,
          label: 'Seeded with the time',
          code: 'random.seed(int(time.time()))',
          tokens: [token(now), token(now + 1), token(now + 2)],
          keyspaceBits,
          attackerBits: Math.log2(window),
          attackerNote: `One seed per second: ${formatNumber(window)} seconds to try (${(window / 3600).toFixed(0)} hours).`,
          burst: distinct((i) => token(now + Math.floor((i * BURST_SECONDS) / BURST))),
        },
        mtBytes(new PythonRandom(now), sampleBytes),
      );
    }
    case 'crypto-values': {
      const token = () => tokenFromBytes(alphabet, length, sources.randomBytes);
      return report(
        {
          id,
          label: 'crypto.getRandomValues',
          code: 'secrets.choice, no modulo bias',
          tokens: [token(), token(), token()],
          keyspaceBits,
          attackerBits: keyspaceBits,
          attackerNote: 'The operating system’s CSPRNG: outputs say nothing about other outputs.',
          burst: distinct(token),
        },
        cryptoBytes(sources, sampleBytes),
      );
    }
    case 'crypto-uuid': {
      return report(
        {
          id,
          label: 'crypto.randomUUID',
          code: 'crypto.randomUUID()',
          tokens: [sources.randomUUID(), sources.randomUUID(), sources.randomUUID()],
          keyspaceBits: 122,
          attackerBits: 122,
          attackerNote: '122 random bits from the same CSPRNG (6 bits are fixed by the format).',
          burst: distinct(() => sources.randomUUID()),
        },
        uuidBytes(sources.randomUUID, sampleBytes),
      );
    }
  }
}
