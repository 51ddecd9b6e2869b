import type { RecapQuestion } from '../../core/recap';

export const RECAP: readonly RecapQuestion[] = [
  {
    id: 'sha3-mac',
    question: 'Is SHA3-256(secret ‖ message) a good MAC?',
    options: [
      {
        text: 'No: every hash of secret ‖ message can be extended.',
        right: false,
        why: 'Only hashes whose output is their whole internal state can be resumed: MD5, SHA-1, SHA-256, SHA-512. SHA-3 keeps part of its state (the capacity) out of the output.',
      },
      {
        text: 'Yes: SHA-3 cannot be resumed from its output, and KMAC is this idea, standardised.',
        right: true,
        why: 'Right. Still, use a named construction (KMAC, or HMAC with any hash) rather than your own concatenation.',
      },
      {
        text: 'Only if the secret is longer than one block.',
        right: false,
        why: 'The secret’s length changes nothing: an extension never needs the secret’s bytes, and SHA-3 cannot be extended whatever the secret.',
      },
    ],
  },
  {
    id: 'hmac-shape',
    question: 'Why is HMAC not simply H(key ‖ H(message))?',
    options: [
      {
        text: 'It is: HMAC is exactly that.',
        right: false,
        why: 'HMAC is H((key ⊕ opad) ‖ H((key ⊕ ipad) ‖ message)): the key goes into the inner hash too.',
      },
      {
        text: 'Because the inner H(message) has no key: a collision found offline gives two messages with one tag.',
        right: true,
        why: 'Right. With the key inside, an attacker cannot search for inner collisions without asking the server; HMAC stays secure even with MD5.',
      },
      {
        text: 'Because H(key ‖ H(message)) can be length-extended into a forgery.',
        right: false,
        why: 'An extension gives the tag of key ‖ H(m) ‖ glue ‖ more, which is not what the server computes for any message: the weak spot is the unkeyed inner hash.',
      },
    ],
  },
  {
    id: 'hidden-length',
    question: 'Does keeping the secret’s length secret stop length extension?',
    options: [
      {
        text: 'Yes: without the length the glue padding cannot be built.',
        right: false,
        why: 'The attacker builds one forgery per plausible length; 1 to 64 bytes is 64 tries, and the server says which one works.',
      },
      {
        text: 'No: the attacker tries every plausible length.',
        right: true,
        why: 'Right: hash_extender and HashPump take a range of lengths. Only a construction without the flaw (HMAC) helps.',
      },
      {
        text: 'Yes, if the secret is random enough.',
        right: false,
        why: 'The forgery never uses the secret’s bytes, only how many there are.',
      },
    ],
  },
];
