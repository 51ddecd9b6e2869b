import type { GuidedStep } from '../registry';

export const HASHES_STEPS: readonly GuidedStep[] = [
  {
    title: 'A fingerprint of the input',
    text: 'Six hash functions turn the sentence into fixed-size digests. SHA-1, SHA-256 and SHA-512 are recomputed by the browser’s own Web Crypto, and agree.',
    params: { input: 'The quick brown fox jumps over the lazy dog' },
    target: 'hash-input-heading',
  },
  {
    title: 'One character changed',
    text: 'The last letter changed from “g” to “s”. Every digest changed completely: that is what lets a hash catch corruption.',
    params: { input: 'The quick brown fox jumps over the lazy dos' },
    target: 'digests-heading',
  },
  {
    title: 'Check against the published hash',
    text: 'The expected SHA-256 was pasted in, compared in constant time, and matches. It is only worth something if it came from a place the attacker cannot edit.',
    params: {
      input: 'The quick brown fox jumps over the lazy dog',
      expected: 'd7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592',
    },
    target: 'expected-heading',
  },
  {
    title: 'MD5 collides',
    text: 'Two published 128-byte inputs that differ in six bytes have the same MD5, and still do with a suffix appended to both. SHA-256 tells them apart.',
    params: { pair: 'md5', suffix: ' -- signed, the release team' },
    target: 'collisions-heading',
  },
  {
    title: 'SHA-1 collides too',
    text: 'The SHAttered PDFs: different documents, one SHA-1 — an identical-prefix collision (2017); “SHA-1 is a Shambles” made chosen-prefix ones practical in 2020. Use SHA-256 or better, and for signing with a secret use HMAC (next lab).',
    params: { pair: 'sha1', suffix: ' -- signed, the release team' },
    target: 'collisions-heading',
  },
  {
    title: 'SHA-512 or SHA-256: measured here',
    text: 'The talk said SHA-512 is slow on 32-bit machines. Both run in this browser, with 32-bit arithmetic and natively; the sentences above the chart read the numbers this machine produced.',
    params: { speedRuns: '3' },
    action: 'measure-speed',
    target: 'speed-heading',
  },
];
