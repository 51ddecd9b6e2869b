/** The timing lab's contract: its address parameters, actions, guided steps and points. */
import { choice, defineLab, text } from '../../ui/lab-contract';

export const TIMING = defineLab({
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
  params: {
    length: choice(['32', '256', '1024', '4096'], '1024'),
    repeats: choice(['1', '10', '100', '1000'], '1000'),
    compare: choice(['early-exit', 'constant-time'], 'early-exit'),
    network: choice(
      ['same-machine', 'neighbouring-vm', 'lan', 'internet', 'custom'],
      'neighbouring-vm',
    ),
    clock: choice(['simulated', 'real'], 'simulated'),
    perByte: text('100 ns'),
    jitter: text('400 ns'),
    tagBytes: text('8'),
    /** Blank: fresh randomness every run; a number makes the attack repeatable (e2e, teaching). */
    seed: text(''),
    /** Ask the server yourself: the guessed tag (hex) and how many times to send it. */
    askGuess: text(''),
    askCount: text('1'),
  },
  /** `demo`: measure the compares and attack the server at once (the panel's first button). */
  actions: ['demo', 'measure', 'attack', 'sweep'],
  targets: [
    'measure-heading',
    'attack-heading',
    'attack-result',
    'sweep-heading',
    'measure-table',
    'attack-staircase',
    'sweep-chart',
  ],
  steps: [
    {
      title: 'Measure the leak',
      text: 'Four compares are timed in a worker on inputs that first differ at byte k. String === and the early-exit loop get slower the more leading bytes match; the XOR loop and Web Crypto’s verify do not.',
      params: {},
      action: 'measure',
      target: 'measure-heading',
      proof: 'measure-table',
    },
    {
      title: 'Attack from a neighbouring VM',
      text: 'The server checks an 8-byte HMAC tag with ==, each compared byte costing 100 ns, behind 400 ns of jitter. The attacker tries candidates for each byte with a sequential test (it samples each candidate only until the timings decide) and keeps the one that answers slower.',
      params: { compare: 'early-exit', network: 'neighbouring-vm' },
      action: 'attack',
      target: 'attack-heading',
      proof: 'attack-result',
    },
    {
      title: 'The server accepts the tag',
      text: 'Every byte came from timing; the last one from the server saying “valid”. The staircase shows each right byte adding one compare’s cost. Across the internet (σ = 1 ms) the same 100 ns per byte would take on the order of 10^11–10^12 queries: impractical, not impossible.',
      params: { compare: 'early-exit', network: 'neighbouring-vm' },
      target: 'attack-result',
      proof: 'attack-staircase',
    },
    {
      title: 'The fix: a constant-time compare',
      text: 'The same attack against hmac.compare_digest-style comparison: every guess takes as long as every other, and the attacker finds nothing.',
      params: { compare: 'constant-time', network: 'neighbouring-vm' },
      action: 'attack',
      target: 'attack-result',
      proof: 'attack-result',
      predict: {
        question:
          'The same attack, against a compare that always looks at every byte. How many bytes of the 8-byte tag will it recover?',
        options: ['All 8, only more slowly', 'About half', 'None'],
        answer: 2,
        why: 'A constant-time compare takes as long for a wrong first byte as for a right one: no guess answers slower, so there is nothing to climb.',
      },
    },
    {
      title: 'Hundreds to millions',
      text: 'The attack again at rising noise: the queries it needs grow with the square of noise over signal.',
      params: {},
      action: 'sweep',
      target: 'sweep-heading',
      proof: 'sweep-chart',
    },
  ],
});
