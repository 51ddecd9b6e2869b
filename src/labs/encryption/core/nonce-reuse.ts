/**
 * Two messages encrypted with one key and one nonce. CTR (and GCM, whose encryption is CTR) XORs
 * the plaintext with a keystream that depends only on key and nonce, so
 *
 *   C_A ⊕ C_B = (P_A ⊕ KS) ⊕ (P_B ⊕ KS) = P_A ⊕ P_B
 *
 * and the key no longer matters. Crib dragging: guess a word one message may contain, XOR it into
 * P_A ⊕ P_B at every position, and where the other message's bytes come out readable the guess
 * probably sits there. Each placed guess reveals the other message's bytes at that place.
 */
import { bytesToUtf8, utf8ToBytes } from '../../../core/bytes';
import { fail, ok, type Result } from '../../../core/result';
import { formatNumber } from '../../../core/number-format';

/** The two messages the sender encrypts under one nonce (the attacker never sees them). */
export const NONCE_MESSAGES = {
  a: 'Meet me at the north gate at nine tonight. Bring the vault key.',
  b: 'The vault password is amber-falcon-7. Burn this note after use.',
} as const;

export type Side = 'a' | 'b';
export const other = (side: Side): Side => (side === 'a' ? 'b' : 'a');

/** Characters counted as readable text (what crib dragging looks for in the other message). */
const READABLE = /^[A-Za-z0-9 .,;:!?'"()-]$/;

/** English letter frequencies in percent, space included (Lewand, "Cryptological Mathematics", 2000). */
const FREQUENCY: Record<string, number> = {
  ' ': 18.3,
  e: 10.2,
  t: 7.5,
  a: 6.5,
  o: 6.2,
  i: 5.7,
  n: 5.7,
  s: 5.3,
  r: 5.0,
  h: 5.0,
  l: 3.3,
  d: 3.3,
  u: 2.3,
  c: 2.2,
  m: 2.0,
  f: 2.0,
  w: 1.7,
  g: 1.6,
  p: 1.5,
  y: 1.4,
  b: 1.3,
  v: 0.8,
  k: 0.6,
  x: 0.14,
  j: 0.1,
  q: 0.08,
  z: 0.05,
};

export function isReadable(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80 || !READABLE.test(String.fromCharCode(b))) return false;
  return true;
}

/** How English-like bytes are: the mean letter frequency (0 for unreadable). */
export function englishScore(bytes: Uint8Array): number {
  if (bytes.length === 0 || !isReadable(bytes)) return 0;
  let total = 0;
  for (const b of bytes) {
    const ch = String.fromCharCode(b).toLowerCase();
    total += FREQUENCY[ch] ?? (/[.,'-]/.test(ch) ? 0.5 : 0);
  }
  return total / bytes.length;
}

/** A hit at or above this score reads as English-like words, and is lit up as likely. */
export const LIKELY_SCORE = 7;

export interface CribHit {
  position: number;
  /** What the other message would hold there if the guess sits at `position`. */
  revealed: Uint8Array;
  readable: boolean;
  score: number;
}

/** The guess at every position of P_A ⊕ P_B. */
export function dragCrib(xor: Uint8Array, guess: Uint8Array): CribHit[] {
  const hits: CribHit[] = [];
  for (let position = 0; position + guess.length <= xor.length; position++) {
    const revealed = new Uint8Array(guess.length);
    for (let j = 0; j < guess.length; j++) revealed[j] = xor[position + j]! ^ guess[j]!;
    const score = englishScore(revealed);
    hits.push({ position, revealed, readable: score > 0, score });
  }
  return hits;
}

export function parseGuess(text: string, xorLength: number): Result<Uint8Array> {
  if (text.length > xorLength * 4 + 64)
    return fail(
      'crib/too-long',
      `That guess is ${formatNumber(text.length)} characters; the messages are only ${xorLength} bytes long.`,
    );
  const bytes = utf8ToBytes(text);
  if (bytes.length === 0) return fail('crib/empty', 'Type a word one of the messages may contain.');
  if (bytes.length > xorLength)
    return fail(
      'crib/too-long',
      `That guess is ${bytes.length} bytes; the messages are only ${xorLength} bytes long.`,
    );
  return ok(bytes);
}

/** A guess the learner placed: `text` sits at `position` in message `side`. */
export interface Placement {
  side: Side;
  position: number;
  text: string;
}

/** For the address: one placement per line, `a12:text` (side, position, colon, the guess). */
export function formatPlacements(placements: readonly Placement[]): string {
  return placements.map((p) => `${p.side}${p.position}:${p.text}`).join('\n');
}

export const MAX_PLACEMENTS = 64;

export function parsePlacements(text: string, xorLength: number): Result<Placement[]> {
  if (text === '') return ok([]);
  const lines = text.split('\n');
  if (lines.length > MAX_PLACEMENTS)
    return fail('crib/too-many', `At most ${MAX_PLACEMENTS} placed guesses.`);
  const out: Placement[] = [];
  for (const line of lines) {
    const match = /^([ab])(\d{1,5}):(.*)$/s.exec(line);
    if (!match) return fail('crib/bad-placement', `"${line.slice(0, 30)}" is not a placed guess.`);
    const guess = parseGuess(match[3]!, xorLength);
    if (!guess.ok) return guess;
    const position = Number(match[2]);
    if (position + guess.value.length > xorLength)
      return fail(
        'crib/out-of-range',
        `"${match[3]!.slice(0, 30)}" at ${position} runs past the ${xorLength} bytes.`,
      );
    out.push({ side: match[1] as Side, position, text: match[3]! });
  }
  return ok(out);
}

export interface Recovery {
  /** Recovered bytes of each message; null where nothing is known yet. */
  a: (number | null)[];
  b: (number | null)[];
  known: number;
  length: number;
}

/** Fills in both messages from the placed guesses (a later guess overrides an earlier one). */
export function applyPlacements(xor: Uint8Array, placements: readonly Placement[]): Recovery {
  const a: (number | null)[] = Array.from({ length: xor.length }, () => null);
  const b: (number | null)[] = Array.from({ length: xor.length }, () => null);
  for (const { side, position, text } of placements) {
    const bytes = utf8ToBytes(text);
    const mine = side === 'a' ? a : b;
    const theirs = side === 'a' ? b : a;
    for (let j = 0; j < bytes.length && position + j < xor.length; j++) {
      mine[position + j] = bytes[j]!;
      theirs[position + j] = bytes[j]! ^ xor[position + j]!;
    }
  }
  const known = a.filter((v) => v !== null).length;
  return { a, b, known, length: xor.length };
}

/** Recovered bytes as text, `·` where unknown. */
export function recoveredText(bytes: readonly (number | null)[]): string {
  let out = '';
  let run: number[] = [];
  const flush = () => {
    if (run.length) out += bytesToUtf8(Uint8Array.from(run));
    run = [];
  };
  for (const b of bytes) {
    if (b === null) {
      flush();
      out += '·';
    } else run.push(b);
  }
  flush();
  return out;
}

export interface RecoveryCheck {
  side: Side;
  /** Bytes recovered (placed or revealed). */
  known: number;
  /** Of those, how many equal the real message. */
  correct: number;
  length: number;
  /** Every byte recovered, and every one right. */
  exact: boolean;
}

/** Compares a recovery with the real message (the sender does this; the attacker cannot). */
export function checkRecovery(
  side: Side,
  recovered: readonly (number | null)[],
  actual: Uint8Array,
): RecoveryCheck {
  let known = 0;
  let correct = 0;
  for (let i = 0; i < recovered.length; i++) {
    if (recovered[i] === null || recovered[i] === undefined) continue;
    known++;
    if (recovered[i] === actual[i]) correct++;
  }
  const length = Math.min(recovered.length, actual.length);
  return { side, known, correct, length, exact: correct === length && known === length };
}

/** Words and fragments an attacker tries first, for the automatic drag. */
export const COMMON_CRIBS = [
  ' the ',
  'the ',
  ' and ',
  ' of ',
  ' to ',
  ' is ',
  ' at ',
  'The ',
  'password',
  'secret',
  'key',
  'meet',
  'Meet ',
  'tonight',
  'vault',
  'after',
  'attack',
  'dawn',
] as const;

export interface AutoHit {
  crib: string;
  position: number;
  /** The other message's bytes there, as text. */
  revealed: string;
  score: number;
}

/**
 * Drags every common word across P_A ⊕ P_B and keeps the hits whose other side reads as English,
 * best first. Which message holds the word cannot be told from P_A ⊕ P_B alone (it is symmetric):
 * the learner decides where to place it.
 */
export function autoDrag(
  xor: Uint8Array,
  cribs: readonly string[] = COMMON_CRIBS,
  limit = 12,
): AutoHit[] {
  const hits: AutoHit[] = [];
  for (const crib of cribs) {
    for (const hit of dragCrib(xor, utf8ToBytes(crib))) {
      if (hit.score >= LIKELY_SCORE)
        hits.push({
          crib,
          position: hit.position,
          revealed: bytesToUtf8(hit.revealed),
          score: hit.score,
        });
    }
  }
  hits.sort((x, y) => y.score - x.score || x.position - y.position);
  return hits.slice(0, limit);
}
