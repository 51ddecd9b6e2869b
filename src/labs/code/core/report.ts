/**
 * The report card: one entry per attack, with a verdict, a one-line headline, the evidence the
 * attack produced, and how to fix it with today's standard function. Plain data, so it crosses
 * from the battery's worker to the page and into the JSON export unchanged.
 */
import type { ByteSpan } from '../../length-extension/core';
import type { TimingMeasurement } from './timing';

export const ATTACK_IDS = [
  'length-extension',
  'tampering',
  'truncation',
  'keys-per-use',
  'timing',
  'tokens',
] as const;
export type AttackId = (typeof ATTACK_IDS)[number];

/**
 * pass: the attack ran and failed; fail: it succeeded; warn: it did not succeed but something it
 * saw is still a risk; unmeasured: a measurement found nothing, which proves nothing (a timing leak
 * below this clock in one short run); skip: it could not run (a function is missing, or an earlier
 * check failed).
 */
export type Verdict = 'pass' | 'fail' | 'warn' | 'unmeasured' | 'skip';

export const ATTACK_TITLES: Record<AttackId, string> = {
  'length-extension': 'Length extension',
  tampering: 'Tampering',
  truncation: 'Truncation',
  'keys-per-use': 'Keys per use',
  timing: 'Timing',
  tokens: 'Token prediction',
};

export const ATTACK_FIXES: Record<AttackId, string> = {
  'length-extension':
    "Sign with HMAC, not hash(secret + message): hmac('sha256', key, message) here; Python hmac.new(key, msg, 'sha256'); Node crypto.createHmac('sha256', key); Web Crypto HMAC. Its outer keyed hash leaves nothing to extend.",
  tampering:
    'Recompute the tag over the message you received and compare all of it: hmac.compare_digest (Python), crypto.timingSafeEqual (Node), timingSafeEqual here.',
  truncation:
    'Check the length before comparing, and compare every byte: hmac.compare_digest / crypto.timingSafeEqual do both; a loop over the shorter input, or startsWith, does not.',
  'keys-per-use':
    "Derive a different key for each purpose and sign with it: hkdf('sha256', secret, purpose) here (HKDF with an info string), or Django's salted_hmac(salt, value).",
  timing:
    'Compare in constant time: check the length, then OR together the XOR of every pair. Use hmac.compare_digest (Python), crypto.timingSafeEqual (Node), timingSafeEqual here.',
  tokens:
    'Make tokens from the operating system’s generator: secrets.token_urlsafe() (Python), crypto.getRandomValues or crypto.randomUUID (JavaScript), randomBytes(16) here.',
};

export interface VerifyCall {
  /** What was sent, for display (C-escaped if not printable). */
  label: string;
  accepted: boolean;
  /** verify threw (counted as a rejection) or returned something other than a boolean. */
  note?: string;
}

export interface ForgeryEvidence {
  algorithm: string;
  /** The secret length the forgery assumed (the one verify accepted). */
  secretLength: number;
  forgedMessageHex: string;
  /** The forged message, printable ASCII as is and other bytes as \xNN. */
  forgedMessageEscaped: string;
  /** The forged tag, in the encoding sign uses. */
  forgedTag: string;
  /** secret ‖ forged message ‖ final padding as the verifier's hash sees it (secret unknown). */
  layout: { bytes: (number | null)[]; spans: ByteSpan[]; blockSize: number; resumeAt: number };
}

export interface LengthExtensionEvidence {
  message: string;
  append: string;
  tag: string;
  tagFormat: string;
  minSecretLength: number;
  maxSecretLength: number;
  /** The length of the secret the battery gave sign and verify (revealed after the attack). */
  realSecretLength: number;
  tried: {
    algorithm: string;
    outcome: 'not-applicable' | 'rejected' | 'accepted';
    note: string;
    /** One row per secret length tried, in order. */
    attempts: { secretLength: number; accepted: boolean }[];
  }[];
  forgery: ForgeryEvidence | null;
}

export interface TamperingEvidence {
  message: string;
  tag: string;
  tries: VerifyCall[];
}

export interface KeysPerUseEvidence {
  message: string;
  signedFor: string;
  presentedAs: string;
  tag: string;
  /** The tag verified for its own purpose (the battery checks this first). */
  ownPurpose: VerifyCall;
  otherPurpose: VerifyCall;
  /** sign's declared parameters (fewer than 3: it cannot tell purposes apart). */
  signArity: number;
}

export interface TokenPrediction {
  /** Which predictor fit: an engine model of Math.random, or CPython's MT clone. */
  model: string;
  method: string;
  /** How many collected tokens the state was recovered from. */
  usedTokens: number;
  predicted: string[];
  /** The tokens makeToken really returned next. */
  actual: string[];
  matches: boolean[];
  /** Tokens skipped before the predictions lined up (something else drew from the generator). */
  offset: number | null;
}

export interface TokenEvidence {
  collected: number;
  /** A few of the collected tokens, first and last. */
  sample: string[];
  duplicates: number;
  /** Calls per token observed while collecting (null when the call could not be counted). */
  perToken: { mathRandom: number; pythonRandom: number; getRandomValues: number | null };
  decoders: { name: string; fits: boolean; note: string }[];
  prediction: TokenPrediction | null;
}

interface EvidenceById {
  'length-extension': LengthExtensionEvidence;
  tampering: TamperingEvidence;
  truncation: TamperingEvidence;
  'keys-per-use': KeysPerUseEvidence;
  timing: TimingMeasurement;
  tokens: TokenEvidence;
}

export type AttackResult = {
  [K in AttackId]: {
    id: K;
    verdict: Verdict;
    /** One sentence: what happened. */
    headline: string;
    notes: string[];
    evidence: EvidenceById[K] | null;
  };
}[AttackId];

export type ResultFor<K extends AttackId> = Extract<AttackResult, { id: K }>;

export function skipped<K extends AttackId>(id: K, headline: string): ResultFor<K> {
  return { id, verdict: 'skip', headline, notes: [], evidence: null } as unknown as ResultFor<K>;
}

export const VERDICT_WORDS: Record<Verdict, { symbol: string; word: string }> = {
  pass: { symbol: '✓', word: 'Pass' },
  fail: { symbol: '✗', word: 'Fail' },
  warn: { symbol: '!', word: 'Warning' },
  unmeasured: { symbol: '?', word: 'Not measurable here' },
  skip: { symbol: '–', word: 'Not run' },
};
