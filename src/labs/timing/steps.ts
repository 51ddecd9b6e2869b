import type { GuidedStep } from '../registry';

export const TIMING_STEPS: readonly GuidedStep[] = [
  {
    title: 'Measure the leak',
    text: 'Four compares are timed in a worker on inputs that first differ at byte k. String === and the early-exit loop get slower the more leading bytes match; the XOR loop and Web Crypto’s verify do not.',
    params: {},
    action: 'measure',
    target: 'measure-heading',
  },
  {
    title: 'Attack from a neighbouring VM',
    text: 'The server checks an 8-byte HMAC tag with ==, each compared byte costing 100 ns, behind 400 ns of jitter. The attacker tries candidates for each byte with a sequential test and keeps the one that answers slower.',
    params: { compare: 'early-exit', network: 'neighbouring-vm' },
    action: 'attack',
    target: 'attack-heading',
  },
  {
    title: 'The server accepts the tag',
    text: 'Every byte came from timing; the last one from the server saying “valid”. The staircase shows each right byte adding one compare’s cost. Across the internet (σ = 1 ms) the same 100 ns per byte would take on the order of 10^11–10^12 queries: impractical, not impossible.',
    params: { compare: 'early-exit', network: 'neighbouring-vm' },
    target: 'attack-result',
  },
  {
    title: 'The fix: a constant-time compare',
    text: 'The same attack against hmac.compare_digest-style comparison: every guess takes as long as every other, and the attacker finds nothing.',
    params: { compare: 'constant-time', network: 'neighbouring-vm' },
    action: 'attack',
    target: 'attack-result',
  },
  {
    title: 'Hundreds to millions',
    text: 'The attack again at rising noise: the queries it needs grow with the square of noise over signal.',
    params: {},
    action: 'sweep',
    target: 'sweep-heading',
  },
];
