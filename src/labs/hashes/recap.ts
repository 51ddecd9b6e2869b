import type { RecapQuestion } from '../../core/recap';

export const RECAP: readonly RecapQuestion[] = [
  {
    id: 'md5-downloads',
    question: 'Is MD5 still good enough to check that a file was not swapped?',
    options: [
      {
        text: 'Yes: collisions only matter for passwords.',
        right: false,
        why: 'Whoever prepares the file can prepare two with the same MD5 in seconds, a harmless one to get reviewed or signed and a harmful twin: the hash then vouches for both.',
      },
      {
        text: 'No: anyone who can prepare the file can make a second one with the same MD5.',
        right: true,
        why: 'Right. Use SHA-256 (or SHA-3, BLAKE2), and get the expected hash from somewhere the attacker cannot write.',
      },
      {
        text: 'Yes, as long as the file is large.',
        right: false,
        why: 'Size does not matter: a collision block fits after any prefix, and the same suffix can follow both files.',
      },
    ],
  },
  {
    id: 'birthday',
    question:
      'How much work does it take to find a collision in a 128-bit hash that has no weakness?',
    options: [
      {
        text: 'About 2^128 hashes.',
        right: false,
        why: 'That is the work to match one given hash (a preimage). Any two colliding inputs will do for a collision, and pairs grow with the square of the inputs tried.',
      },
      {
        text: 'About 2^64 hashes, by the birthday bound.',
        right: true,
        why: 'Right: among 2^64 random outputs, two are likely equal. That is why collision resistance needs outputs of 256 bits for 128-bit security.',
      },
      {
        text: 'It cannot be done without a weakness in the hash.',
        right: false,
        why: 'Collisions always exist (more inputs than outputs); a generic search finds one in about 2^64 steps, and MD5’s weaknesses make it seconds.',
      },
    ],
  },
  {
    id: 'password-hash',
    question: 'Is SHA-256 with a salt a good way to store passwords?',
    options: [
      {
        text: 'Yes: SHA-256 is unbroken, and the salt stops rainbow tables.',
        right: false,
        why: 'The salt stops precomputed tables, but SHA-256 is fast: a GPU tries billions of guesses a second against each stolen hash.',
      },
      {
        text: 'No: a password hash must be slow and memory-hard, such as Argon2id, scrypt or bcrypt.',
        right: true,
        why: 'Right. Passwords are guessable, so what matters is the cost of each guess; those functions make it large and tunable.',
      },
      {
        text: 'Only if the hash is applied twice.',
        right: false,
        why: 'Twice as slow is still billions of guesses a second. Real password hashes run thousands of iterations and need memory.',
      },
    ],
  },
];
