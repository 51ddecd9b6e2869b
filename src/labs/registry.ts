/**
 * The list of labs, in the order of the talk. The shell, the routes, the landing page and the e2e
 * suite all read it. Adding a lab = a folder under src/labs/ and one entry here (see README).
 * `loadPanel` is a dynamic import, so a lab's code (and its charts, editor or solver) loads only
 * when the lab opens.
 */
import type { ComponentType } from 'react';
import { HASHES_STEPS } from './hashes/steps';
import { TIMING_STEPS } from './timing/steps';
import { UNTRUSTED_DATA_STEPS } from './untrusted-data/steps';
import { LENGTH_EXTENSION_STEPS } from './length-extension/steps';
import { RANDOMNESS_STEPS } from './randomness/steps';
import { CODE_STEPS } from './code/steps';
import { ENCRYPTION_STEPS } from './encryption/steps';

export interface TalkPoint {
  /** The advice, in a few words. */
  advice: string;
  /** What to use today. */
  today: string;
}

/**
 * One step of a lab's guided walk-through (set up, attack, see it succeed, apply the fix, see it
 * fail). Opening a step replaces the lab's inputs with `params` and then asks the panel to perform
 * `action` (a name the panel registered with useLabAction).
 */
export interface GuidedStep {
  title: string;
  text: string;
  params?: Record<string, string>;
  action?: string;
  /** The id of the element to bring into view for this step (so a speaker never scrolls). */
  target?: string;
}

export interface LabEntry {
  id: string;
  title: string;
  /** One line for the navigation and landing page. */
  summary: string;
  points: TalkPoint[];
  steps: readonly GuidedStep[];
  loadPanel: () => Promise<{ default: ComponentType }>;
}

export const LABS: readonly LabEntry[] = [
  {
    id: 'hashes',
    title: 'Hashes and integrity',
    summary:
      'Hash text or a file with six algorithms, check an expected hash, and see MD5 and SHA-1 collide.',
    points: [
      {
        advice:
          'A hash proves integrity only if the expected hash came from somewhere the attacker cannot change.',
        today: 'Publish SHA-256 digests over a separate, authenticated channel (or sign them).',
      },
      {
        advice:
          'If you are typing md5 into your code, you are probably doing it wrong: MD5 and SHA-1 collide.',
        today: 'SHA-256, SHA-512, SHA-3 or BLAKE2.',
      },
      {
        advice:
          'SHA-512 can be slow on 32-bit machines, and SHA-256 is similarly secure: measure where you hash.',
        today:
          'Either is sound; which is faster depends on the CPU (64-bit words, SHA extensions), so the lab measures it here.',
      },
    ],
    steps: HASHES_STEPS,
    loadPanel: () => import('./hashes/HashesPanel'),
  },
  {
    id: 'length-extension',
    title: 'Length extension and HMAC',
    summary:
      'Forge a signed message without the secret against hash(secret ‖ message); watch HMAC and per-use keys stop it.',
    points: [
      {
        advice:
          'Signing with md5(secret + message) lets anyone who saw one signed message sign another: use HMAC.',
        today:
          "HMAC-SHA256 (Python hmac.new(key, msg, 'sha256'), Node crypto.createHmac, Web Crypto HMAC), checked with hmac.compare_digest or crypto.timingSafeEqual.",
      },
      {
        advice:
          'Salt the key per use, so a value signed in one place cannot be replayed in another.',
        today:
          'Derive a key per purpose: HKDF with an info string, or Django’s signing salt (salted_hmac).',
      },
      {
        advice: 'Don’t use MD5; avoid SHA-1; SHA-256 is fine, inside HMAC.',
        today:
          'SHA-256 or SHA-512 in HMAC; SHA-3 and BLAKE2 (keyed mode) do not length-extend at all.',
      },
    ],
    steps: LENGTH_EXTENSION_STEPS,
    loadPanel: () => import('./length-extension/LengthExtensionPanel'),
  },
  {
    id: 'encryption',
    title: 'Homemade encryption',
    summary:
      'Flip a ciphertext so amount=100 reads 900, watch ECB draw a picture and a reused nonce give up two messages; AES-GCM refuses.',
    points: [
      {
        advice:
          'You should not be implementing encryption: real AES, used by hand, lets ciphertext be changed and leaks through modes and nonces.',
        today:
          'TLS in transit; at rest the OS (BitLocker, FileVault, LUKS) or a vetted library: libsodium’s secretbox, Python cryptography’s Fernet, age.',
      },
      {
        advice:
          'Encryption is not integrity: without a MAC, flipping ciphertext bits flips plaintext bits.',
        today:
          'Authenticated encryption (AES-GCM, ChaCha20-Poly1305) with a fresh nonce per message, never reused.',
      },
    ],
    steps: ENCRYPTION_STEPS,
    loadPanel: () => import('./encryption/EncryptionPanel'),
  },
  {
    id: 'randomness',
    title: 'Predictable random numbers',
    summary:
      'Clone Python’s random from 624 outputs, find a time-seeded key, and predict this browser’s next Math.random().',
    points: [
      {
        advice:
          'Do not make secrets with random.choice: Python’s default generator is predictable from its outputs.',
        today:
          'secrets.token_urlsafe(), secrets.choice (Python); crypto.getRandomValues (JavaScript).',
      },
      {
        advice:
          'Never seed a generator with the time; a fresh VM may have little entropy to offer.',
        today:
          'Let the OS generator seed itself: secrets / os.urandom use getrandom(), which waits for entropy.',
      },
      {
        advice: 'Math.random is not for secrets either: a handful of outputs reveal its state.',
        today: 'crypto.getRandomValues() or crypto.randomUUID().',
      },
    ],
    steps: RANDOMNESS_STEPS,
    loadPanel: () => import('./randomness/RandomnessPanel'),
  },
  {
    id: 'timing',
    title: 'Timing attacks',
    summary:
      'Measure == against a constant-time compare in this browser, then recover a server’s tag from response times alone.',
    points: [
      {
        advice:
          'sig == sig2 stops at the first different byte, so its time leaks how much of a guess is right.',
        today: 'hmac.compare_digest (Python), crypto.timingSafeEqual (Node), crypto.subtle.verify.',
      },
      {
        advice: 'Hundreds to millions of requests recover a tag; practical from a neighbouring VM.',
        today: 'Constant-time comparison everywhere a secret is checked, and rate limits.',
      },
    ],
    steps: TIMING_STEPS,
    loadPanel: () => import('./timing/TimingPanel'),
  },
  {
    id: 'untrusted-data',
    title: 'Untrusted data and the supply chain',
    summary:
      'See what loading a pickle would run, without running it; then install a package past four kinds of attacker.',
    points: [
      {
        advice: 'Loading an untrusted pickle is the same as running eval() on it.',
        today: 'JSON (json.loads, JSON.parse) for anything from outside; never pickle.loads it.',
      },
      {
        advice: 'If you must use pickle, sign it and verify the signature before loading.',
        today: 'HMAC-SHA256 (hmac.new) checked with hmac.compare_digest before pickle.loads.',
      },
      {
        advice:
          'A hash downloaded from the same page as the file proves nothing; certificates must be checked.',
        today:
          'pip --require-hashes with a lock file; TLS with certificate verification (pip and requests do it by default).',
      },
      {
        advice: 'sudo pip install runs the package’s code as root.',
        today: 'Install into a virtual environment as yourself; keep a history of hashes.',
      },
    ],
    steps: UNTRUSTED_DATA_STEPS,
    loadPanel: () => import('./untrusted-data/UntrustedDataPanel'),
  },
  {
    id: 'code',
    title: 'Your code, attacked',
    summary:
      'Write sign, verify and makeToken in the browser; the playground runs the talk’s attacks on them.',
    points: [
      {
        advice:
          'The obvious way should be the right way: make the safe function the one that is easiest to reach.',
        today:
          "HMAC-SHA256 for signing (hmac.new(key, msg, 'sha256'), crypto.createHmac), with a key per purpose (HKDF, Django's salted_hmac).",
      },
      {
        advice:
          'Always verify your assumptions: attack your own code, and compare the way an attacker would measure.',
        today:
          'hmac.compare_digest (Python), crypto.timingSafeEqual (Node) for every tag and token.',
      },
      {
        advice:
          'Tokens and keys come from the operating system’s generator, never from Math.random.',
        today:
          'secrets.token_urlsafe() (Python), crypto.getRandomValues or crypto.randomUUID (JavaScript).',
      },
    ],
    steps: CODE_STEPS,
    loadPanel: () => import('./code/CodePanel'),
  },
];

export function findLab(id: string): LabEntry | undefined {
  return LABS.find((lab) => lab.id === id);
}
