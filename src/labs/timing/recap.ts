import type { RecapQuestion } from '../../core/recap';

export const RECAP: readonly RecapQuestion[] = [
  {
    id: 'length',
    question: 'Does a constant-time compare hide how long the tag is?',
    options: [
      {
        text: 'Yes: it always takes the same time.',
        right: false,
        why: 'It checks the lengths first and returns at once when they differ, so a guess of the right length takes longer. hmac.compare_digest documents this.',
      },
      {
        text: 'No, and that is fine: a tag’s length is public in any real protocol.',
        right: true,
        why: 'Right: what it hides is how many leading bytes of a right-length guess are correct, which is what the attack needs.',
      },
      {
        text: 'Only in Python; in Node it leaks the bytes as well.',
        right: false,
        why: 'crypto.timingSafeEqual also looks at every byte; it throws on a length mismatch instead of returning false.',
      },
    ],
  },
  {
    id: 'jitter',
    question:
      'The network adds tens of microseconds of jitter. Can an attacker still see a 100 ns difference?',
    options: [
      {
        text: 'No: the jitter is a thousand times larger.',
        right: false,
        why: 'Noise averages out: with n samples it shrinks as 1/√n. Crosby et al. (2009) resolved 100 ns across a LAN with thousands of samples.',
      },
      {
        text: 'Yes, with enough samples per guess.',
        right: true,
        why: 'Right: it costs queries, not possibility, as the lab’s sweep shows.',
      },
      {
        text: 'Only from the same machine.',
        right: false,
        why: 'The same machine needs fewer samples; a neighbouring VM or the LAN needs more, and still succeeds.',
      },
    ],
  },
  {
    id: 'random-delay',
    question: 'Does adding a random delay to every answer fix a timing leak?',
    options: [
      {
        text: 'Yes: the attacker can no longer trust any one timing.',
        right: false,
        why: 'A random delay is just more noise, and noise averages out: the attacker takes more samples.',
      },
      {
        text: 'Yes, if the delay is larger than the difference.',
        right: false,
        why: 'Size does not matter, only its spread: it adds to σ, and the samples needed grow as σ², not without bound.',
      },
      {
        text: 'No: remove the difference itself by comparing in constant time.',
        right: true,
        why: 'Right: hmac.compare_digest, crypto.timingSafeEqual.',
      },
    ],
  },
];
