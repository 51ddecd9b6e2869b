/** The hashes lab's contract: its address parameters, guided steps and the talk's points. */
import { choice, defineLab, text } from '../../ui/lab-contract';

export const SPEED_RUN_CHOICES = ['3', '5', '9'] as const;

export const HASHES = defineLab({
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
  params: {
    mode: choice(['text', 'hex', 'base64', 'file'], 'text'),
    input: text('The quick brown fox jumps over the lazy dog'),
    expected: text(''),
    /** Comma-separated algorithm ids. */
    algs: text('md5,sha1,sha256,sha512,sha3-256,blake2b'),
    pair: choice(['md5', 'sha1'], 'md5'),
    suffix: text(''),
    suffixAs: choice(['text', 'hex'], 'text'),
    /** Runs per engine in the speed measurement. */
    speedRuns: choice(SPEED_RUN_CHOICES, '5'),
  },
  actions: ['measure-speed'],
  targets: [
    'hash-input-heading',
    'digests-heading',
    'expected-heading',
    'collisions-heading',
    'speed-heading',
    'digests-table',
    'expected-result',
    'collisions-table',
    'speed-verdict',
  ],
  steps: [
    {
      title: 'A fingerprint of the input',
      text: 'Six hash functions turn the sentence into fixed-size digests. SHA-1, SHA-256 and SHA-512 are recomputed by the browser’s own Web Crypto, and agree.',
      params: { input: 'The quick brown fox jumps over the lazy dog' },
      target: 'hash-input-heading',
      proof: 'digests-table',
    },
    {
      title: 'One character changed',
      text: 'The last letter changed from “g” to “s”. Every digest changed completely: that is what lets a hash catch corruption.',
      params: { input: 'The quick brown fox jumps over the lazy dos' },
      target: 'digests-heading',
      proof: 'digests-table',
    },
    {
      title: 'Check against the published hash',
      text: 'The expected SHA-256 was pasted in, compared in constant time, and matches. It is only worth something if it came from a place the attacker cannot edit.',
      params: {
        input: 'The quick brown fox jumps over the lazy dog',
        expected: 'd7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592',
      },
      target: 'expected-heading',
      proof: 'expected-result',
    },
    {
      title: 'MD5 collides',
      text: 'Two published 128-byte inputs that differ in six bytes have the same MD5, and still do with a suffix appended to both. SHA-256 tells them apart.',
      params: { pair: 'md5', suffix: ' -- signed, the release team' },
      target: 'collisions-heading',
      proof: 'collisions-table',
      predict: {
        question:
          'Two different files share one MD5. Append the same suffix to both: do their MD5s still match?',
        options: ['Yes, still equal', 'No, the suffix sets them apart'],
        answer: 0,
        why: 'MD5 reads its input block by block: after the colliding blocks its state is the same for both files, so the same suffix keeps it the same.',
      },
    },
    {
      title: 'SHA-1 collides too',
      text: 'The SHAttered PDFs: different documents, one SHA-1 — an identical-prefix collision (2017); “SHA-1 is a Shambles” made chosen-prefix ones practical in 2020. Use SHA-256 or better, and for signing with a secret use HMAC (next lab).',
      params: { pair: 'sha1', suffix: ' -- signed, the release team' },
      target: 'collisions-heading',
      proof: 'collisions-table',
    },
    {
      title: 'SHA-512 or SHA-256: measured here',
      text: 'The talk said SHA-512 is slow on 32-bit machines. Both run in this browser, with 32-bit arithmetic and natively; the sentences above the chart read the numbers this machine produced.',
      params: { speedRuns: '3' },
      action: 'measure-speed',
      target: 'speed-heading',
      proof: 'speed-verdict',
    },
  ],
});
