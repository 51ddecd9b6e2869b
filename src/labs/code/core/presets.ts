/**
 * The presets: the talk's examples as modules a learner might ship, and the fix. Each is
 * TypeScript against the API in learner-dts.ts (a test type-checks all of them).
 */

export const PRESET_IDS = [
  'md5',
  'sha256-eq',
  'xor-compare',
  'math-random',
  'python-random',
  'no-length-check',
  'hmac',
  'blank',
] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface Preset {
  id: PresetId;
  label: string;
  /** One line under the selector: what the preset is and what to look for. */
  description: string;
  code: string;
}

const TOKEN_GOOD = `
// A session token: 16 bytes from the operating system's generator.
export function makeToken(): string {
  return toHex(randomBytes(16));
}
`;

const PRESETS_LIST: Preset[] = [
  {
    id: 'md5',
    label: 'md5(secret + message)',
    description:
      'The talk’s first example: a hash of the secret followed by the message. Anyone who saw one signed message can sign a longer one.',
    code: `// Sign a message by hashing the secret and the message together.
export function sign(secret: string, message: string): string {
  return md5(secret + message);
}

export function verify(secret: string, message: string, tag: string): boolean {
  return sign(secret, message) === tag;
}
${TOKEN_GOOD}`,
  },
  {
    id: 'sha256-eq',
    label: 'sha256(secret + message) with ==',
    description:
      'A better hash, the same construction, and a compare that stops at the first difference (what == does in most languages), so its time leaks how much of a guess is right.',
    code: `export function sign(secret: string, message: string): string {
  return sha256(secret + message);
}

export function verify(secret: string, message: string, tag: string): boolean {
  return equals(sign(secret, message), tag);
}

// What == does with two strings in CPython (and most languages): compare from the left and
// stop at the first difference. Written out here because V8's own === is too quick on
// 64 characters for a browser tab to see; the leak is the same kind.
function equals(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}
${TOKEN_GOOD}`,
  },
  {
    id: 'xor-compare',
    label: 'XOR-accumulate compare',
    description:
      'The talk’s constant-time compare: check the length, then OR together the XOR of every pair. The timing leak is gone; hash(secret + message) is still there.',
    code: `export function sign(secret: string, message: string): string {
  return sha256(secret + message);
}

export function verify(secret: string, message: string, tag: string): boolean {
  return constantTimeCompare(sign(secret, message), tag);
}

// The talk's fix for the timing leak: always look at every character.
function constantTimeCompare(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let result = 0;
  for (let i = 0; i < a.length; i++) {
    result |= a.charCodeAt(i) ^ b.charCodeAt(i);
  }
  return result === 0;
}
${TOKEN_GOOD}`,
  },
  {
    id: 'math-random',
    label: 'Token from Math.random',
    description:
      'Signing done right (HMAC), but the session token comes from Math.random: a few tokens reveal the generator’s state, and the next ones follow.',
    code: `export function sign(secret: string, message: string, purpose = 'default'): string {
  return hmac('sha256', hkdf('sha256', secret, purpose), message);
}

export function verify(secret: string, message: string, tag: string, purpose = 'default'): boolean {
  return timingSafeEqual(sign(secret, message, purpose), tag);
}

// A session token, the quick way.
export function makeToken(): string {
  return Math.random().toString(36).slice(2);
}
`,
  },
  {
    id: 'python-random',
    label: 'Token from Python’s random',
    description:
      'Order numbers from random.getrandbits(32), as the talk’s Python would make them: 624 of them give away the Mersenne Twister, and every later one.',
    code: `export function sign(secret: string, message: string, purpose = 'default'): string {
  return hmac('sha256', hkdf('sha256', secret, purpose), message);
}

export function verify(secret: string, message: string, tag: string, purpose = 'default'): boolean {
  return timingSafeEqual(sign(secret, message, purpose), tag);
}

// An order number: 32 random bits from Python's random (the Mersenne Twister).
export function makeToken(): string {
  return String(random.getrandbits(32));
}
`,
  },
  {
    id: 'no-length-check',
    label: 'Compare without a length check',
    description:
      'HMAC with a constant-time loop that forgot the length check and stops at the shorter input (like Python’s zip): a shortened tag, even an empty one, gets in.',
    code: `export function sign(secret: string, message: string, purpose = 'default'): string {
  return hmac('sha256', hkdf('sha256', secret, purpose), message);
}

export function verify(secret: string, message: string, tag: string, purpose = 'default'): boolean {
  const expected = sign(secret, message, purpose);
  // XOR-accumulate over the pairs, like zip(expected, tag) in Python: no length check.
  let result = 0;
  for (let i = 0; i < Math.min(expected.length, tag.length); i++) {
    result |= expected.charCodeAt(i) ^ tag.charCodeAt(i);
  }
  return result === 0;
}
${TOKEN_GOOD}`,
  },
  {
    id: 'hmac',
    label: 'HMAC with a key per use (the fix)',
    description:
      'HMAC-SHA256 under a key derived for each purpose with HKDF, a constant-time compare, and tokens from crypto.getRandomValues. Every attack should fail.',
    code: `// A different key for every purpose: a tag made for one use is useless for another.
function keyFor(secret: string, purpose: string): string {
  return hkdf('sha256', secret, 'signing:' + purpose);
}

export function sign(secret: string, message: string, purpose = 'default'): string {
  return hmac('sha256', keyFor(secret, purpose), message);
}

export function verify(secret: string, message: string, tag: string, purpose = 'default'): boolean {
  // timingSafeEqual checks the length, then every byte (like hmac.compare_digest).
  return timingSafeEqual(sign(secret, message, purpose), tag);
}

// A session token: 16 bytes from crypto.getRandomValues, as hex.
export function makeToken(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return toHex(bytes);
}
`,
  },
  {
    id: 'blank',
    label: 'Start from scratch',
    description:
      'An empty module to fill in: sign, verify and makeToken. The API (md5, sha256, hmac, hkdf, randomBytes, timingSafeEqual, …) is known to the editor: press Ctrl+Space.',
    code: `// sign(secret, message, purpose?) returns a tag; verify(...) says whether a tag is right;
// makeToken() returns a fresh session token. The battery attacks whichever you export.

export function sign(secret: string, message: string, purpose = 'default'): string {
  // TODO
  return '';
}

export function verify(secret: string, message: string, tag: string, purpose = 'default'): boolean {
  // TODO
  return false;
}

export function makeToken(): string {
  // TODO
  return '';
}
`,
  },
];

export const PRESETS: Readonly<Record<PresetId, Preset>> = Object.fromEntries(
  PRESETS_LIST.map((p) => [p.id, p]),
) as Record<PresetId, Preset>;

export function getPreset(id: PresetId): Preset {
  return PRESETS[id];
}
