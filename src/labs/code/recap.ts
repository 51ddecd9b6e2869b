import type { RecapQuestion } from '../../core/recap';

export const RECAP: readonly RecapQuestion[] = [
  {
    id: 'hmac-compare',
    question:
      'verify computes the HMAC and compares it with ===. HMAC cannot be extended, so is it safe?',
    options: [
      {
        text: 'Yes: HMAC fixes the weakness.',
        right: false,
        why: 'HMAC fixes length extension; === still stops at the first character that differs, and its time leaks how much of a guess is right.',
      },
      {
        text: 'No: compare with timingSafeEqual (crypto.timingSafeEqual, hmac.compare_digest).',
        right: true,
        why: 'Right: the battery’s timing attack measures exactly that slope.',
      },
      {
        text: 'Yes, because the tag is hex text, not bytes.',
        right: false,
        why: 'Strings compare character by character and stop early just the same.',
      },
    ],
  },
  {
    id: 'one-key',
    question: 'Is one secret key for signing both password-reset links and session cookies fine?',
    options: [
      {
        text: 'Yes, if the key is long enough.',
        right: false,
        why: 'Length is not the issue: a tag made for one purpose verifies for the other whenever the messages can look alike.',
      },
      {
        text: 'No: derive a separate key for each purpose, for example with HKDF.',
        right: true,
        why: 'Right: Django’s salted_hmac does the same. A tag is then valid only where it was made.',
      },
      {
        text: 'Yes: HMAC tags cannot be moved between messages.',
        right: false,
        why: 'The same message under the same key has the same tag, whichever feature signed it: the battery’s keys-per-use attack replays one.',
      },
    ],
  },
  {
    id: 'math-random-token',
    question: 'Are 128-bit tokens from Math.random() unpredictable?',
    options: [
      {
        text: 'Yes: 128 bits is too many to guess.',
        right: false,
        why: 'Nobody guesses them: V8’s xorshift128+ state is recovered from a few outputs, and then every later token is known.',
      },
      {
        text: 'No: use crypto.getRandomValues or crypto.randomUUID.',
        right: true,
        why: 'Right: the battery predicts Math.random tokens and cannot predict those.',
      },
      {
        text: 'Yes, if they are hashed before use.',
        right: false,
        why: 'Hashing a predictable value gives a predictable value: the attacker hashes the prediction too.',
      },
    ],
  },
];
