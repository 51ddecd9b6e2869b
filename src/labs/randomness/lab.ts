/** The randomness lab's contract: its address parameters, actions, guided steps and points. */
import { choice, defineLab, text } from '../../ui/lab-contract';
import type { Knowledge } from './core/boot-entropy';

const BASE36 = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** What the attacker knows about a boot, in the order the lab offers it. */
export const KNOWLEDGE_IDS = [
  'minutes',
  'narrowed',
  'same-machine',
  'remote',
] as const satisfies readonly Knowledge[];

export const RANDOMNESS = defineLab({
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
      advice: 'Never seed a generator with the time; a fresh VM may have little entropy to offer.',
      today:
        'Let the OS generator seed itself: secrets / os.urandom use getrandom(), which waits for entropy.',
    },
    {
      advice: 'Math.random is not for secrets either: a handful of outputs reveal its state.',
      today: 'crypto.getRandomValues() or crypto.randomUUID().',
    },
  ],
  params: {
    clone: choice(['victim', 'paste', 'python'], 'victim'),
    victim: choice(['random', 'secrets'], 'random'),
    alphabet: text('abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)'),
    length: text('50'),
    seeds: choice(['time', 'boot', 'secrets', 'custom'], 'time'),
    seedLength: text('32'),
    from: text('1700000000'),
    to: text('1700003599'),
    seedAlphabet: text(BASE36),
    mr: choice(['tab', 'paste'], 'tab'),
    collect: text('32'),
    predict: text('10'),
    tokenAlphabet: text(BASE36),
    tokenLength: text('32'),
    boot: choice(KNOWLEDGE_IDS, 'minutes'),
    snapshotFix: choice(['none', 'reseed'], 'none'),
    /** Ask the shop yourself: the next reset key the learner expects. */
    askKey: text(''),
  },
  actions: ['clone', 'seed-search', 'collect', 'draw', 'measure', 'boot-search', 'snapshot'],
  targets: [
    'clone-heading',
    'seeds-heading',
    'math-random-heading',
    'entropy-heading',
    'boot-fallback-heading',
    'snapshot-heading',
    'clone-untemper',
    'clone-keys',
    'seed-result',
    'mr-predictions',
    'entropy-summary',
    'boot-result',
    'snapshot-result',
  ],
  steps: [
    {
      title: 'A shop that uses random',
      text: 'The shop seeds Python’s random from the operating system, hands out order numbers with getrandbits(32), and makes password-reset keys with the talk’s random.choice line. The attacker collects 624 order numbers and untempers them into the generator’s whole state.',
      params: {},
      action: 'clone',
      target: 'clone-heading',
      proof: 'clone-untemper',
    },
    {
      title: 'The reset key, predicted; the admin key, recovered',
      text: 'The cloned generator gives the reset key before the shop makes it, and running the twist backwards gives the admin key made before the first order. Both are compared with what the shop really made.',
      params: { length: '32' },
      action: 'clone',
      target: 'clone-heading',
      proof: 'clone-keys',
    },
    {
      title: 'A key seeded with the time',
      text: 'This key was made right after random.seed(int(time.time())) some time today. The search tries all 86,400 seconds, generating only the first outputs each seed needs.',
      params: { seeds: 'time' },
      action: 'seed-search',
      target: 'seeds-heading',
      proof: 'seed-result',
    },
    {
      title: 'This browser’s Math.random',
      text: 'The tab draws values from its own Math.random, the worker finds the engine and its state, and the predictions appear. Press “Now draw the next 10 real values” to see them come true.',
      params: {},
      action: 'collect',
      target: 'math-random-heading',
      proof: 'mr-predictions',
    },
    {
      title: 'The fix: secrets',
      text: 'The same shop, with secrets instead of random. The attacker runs exactly the same attack on 624 order numbers, and every prediction is wrong.',
      params: { victim: 'secrets', length: '32' },
      action: 'clone',
      target: 'clone-heading',
      proof: 'clone-keys',
      predict: {
        question:
          'The shop now makes its numbers and keys with secrets. Will the same clone of 624 order numbers predict its reset key?',
        options: ['Yes', 'No'],
        answer: 1,
        why: 'secrets reads the operating system’s generator, whose outputs say nothing about its next ones: the clone has no state to rebuild.',
      },
    },
    {
      title: 'The fix against seed search',
      text: 'A key from secrets has no seed. The same search over the same day finds nothing.',
      params: { seeds: 'secrets' },
      action: 'seed-search',
      target: 'seeds-heading',
      proof: 'seed-result',
    },
    {
      title: 'Statistics cannot tell',
      text: 'Five generators side by side: the standard tests and the bitmaps cannot tell the predictable ones from the safe ones (the sentence under the table says how this run’s tests came out). What differs is the number of bits an attacker has to guess.',
      params: {},
      action: 'measure',
      target: 'entropy-heading',
      proof: 'entropy-summary',
    },
    {
      title: 'Little entropy at boot',
      text: 'A service at boot found no randomness from the OS, and CPython 2.7–3.5 fell back on int(time.time() * 256). Knowing the boot to within 10 minutes leaves 153,600 seeds: the worker tries them all and finds the one that made the token. Today’s fallback reads both clocks in nanoseconds: the table shows how much wider that is, and how close an attacker must be.',
      params: { boot: 'minutes' },
      action: 'boot-search',
      target: 'boot-fallback-heading',
      proof: 'boot-result',
    },
    {
      title: 'Two VMs, one snapshot',
      text: 'Both VMs continue from the generator state saved in the snapshot, so they hand out the same session keys. Switch to “reseed from the OS” and restore again: the keys part ways.',
      params: { snapshotFix: 'none' },
      action: 'snapshot',
      target: 'snapshot-heading',
      proof: 'snapshot-result',
    },
  ],
});
