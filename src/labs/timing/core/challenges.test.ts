import { describe, expect, it } from 'vitest';
import {
  ChallengeSession,
  checkAnswer,
  makeInstance,
  solveInSession,
  type Challenge,
} from '../../../core/challenge';
import { expectOk } from '../../../core/result';
import {
  byHand,
  constantTime,
  neighbouringVm,
  relayScriptCall,
  scriptOracle,
  TIMING_CHALLENGES,
  type TimingPublic,
  type TimingResponse,
  type TimingSecret,
} from './challenges';

const SEEDS = ['course-2025/student-01', 'course-2025/student-02', 'x'];

/** A session on the seed's instance, its noise from the same seed (as the CLI's `ask`). */
function sessionFor(challenge: Challenge, seed: string) {
  return new ChallengeSession(challenge, makeInstance(challenge, seed), seed);
}

/** Asks with the request as JSON text, as a learner or the CLI sends it. */
function ask(session: ChallengeSession, request: object): TimingResponse {
  return expectOk(session.ask(JSON.stringify(request))).response as TimingResponse;
}

const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const candidates = (prefix: number[], length: number) =>
  Array.from({ length: 256 }, (_, c) =>
    hex([...prefix, c, ...Array(length - prefix.length - 1).fill(0)]),
  );

/**
 * An independent attack, written here rather than borrowed from the lab: successive halving on
 * means clipped around each candidate's median (every candidate 96 times, the best 16 another
 * 256 times, the best 2 another 1,024), and the last byte from the server's "accepted".
 */
function halvingAttack(session: ChallengeSession, length: number): string {
  const { jitterNs } = (session.instance.public as TimingPublic).network;
  const level = (xs: number[]) => {
    const m = median(xs);
    const clip = (x: number) => Math.min(m + 4 * jitterNs, Math.max(m - 4 * jitterNs, x));
    return xs.reduce((acc, x) => acc + clip(x), 0) / xs.length;
  };
  const prefix: number[] = [];
  for (let p = 0; p < length - 1; p++) {
    let pool = Array.from({ length: 256 }, (_, c) => c);
    const samples = new Map<number, number[]>(pool.map((c) => [c, []]));
    for (const [repeat, keep] of [
      [96, 16],
      [256, 2],
      [1024, 1],
    ] as const) {
      const guess = (c: number) => hex([...prefix, c, ...Array(length - p - 1).fill(0)]);
      const { times } = ask(session, { guesses: pool.map(guess), repeat });
      times.forEach((t, i) => samples.get(pool[i]!)!.push(...t.ns));
      pool = pool
        .slice()
        .sort((a, b) => level(samples.get(b)!) - level(samples.get(a)!))
        .slice(0, keep);
    }
    prefix.push(pool[0]!);
  }
  const { times } = ask(session, { guesses: candidates(prefix, length) });
  return times.find((t) => t.accepted)?.guess ?? '';
}

describe('timing challenges', () => {
  it('hand out the server’s settings and never the tag; the same seed gives the same instance', () => {
    for (const challenge of TIMING_CHALLENGES)
      for (const seed of SEEDS) {
        const instance = makeInstance(challenge, seed);
        expect(makeInstance(challenge, seed)).toEqual(instance);
        const pub = instance.public as TimingPublic;
        expect(pub.message).toBe('transfer?to=alice&amount=100');
        expect(JSON.stringify(pub)).not.toContain((instance.secret as TimingSecret).tag);
      }
    expect(makeInstance(neighbouringVm, 'a').secret).not.toEqual(
      makeInstance(neighbouringVm, 'b').secret,
    );
  });

  it('by-hand: two batches of 256 single timings find the tag, as a learner would by hand', () => {
    for (const seed of SEEDS) {
      const session = sessionFor(byHand, seed);
      const first = ask(session, { guesses: candidates([], 2) });
      const slowest = first.times.reduce((a, b) => (b.ns[0]! > a.ns[0]! ? b : a));
      const byte0 = Number.parseInt(slowest.guess.slice(0, 2), 16);
      const second = ask(session, { guesses: candidates([byte0], 2) });
      const tag = second.times.find((t) => t.accepted)!.guess;
      expect(tag).toBe((session.instance.secret as TimingSecret).tag);
      expect(expectOk(session.check({ tag })).solved).toBe(true);
      expect(session.used).toBe(513);
    }
  });

  it('neighbouring-vm: an independent attack on medians solves it within the budget', () => {
    for (const seed of SEEDS) {
      const session = sessionFor(neighbouringVm, seed);
      const tag = halvingAttack(session, 4);
      expect(tag).toBe((session.instance.secret as TimingSecret).tag);
      expect(session.used).toBeLessThanOrEqual(neighbouringVm.budget!.requests);
    }
  });

  it('neighbouring-vm: the automatic attack (the lab’s sequential test) asks through the session and stays in budget', () => {
    for (const seed of SEEDS) {
      const session = sessionFor(neighbouringVm, seed);
      const answer = solveInSession(session) as { tag: string };
      expect(answer.tag).toBe((session.instance.secret as TimingSecret).tag);
      expect(session.used).toBeGreaterThan(1000);
      expect(session.used).toBeLessThanOrEqual(neighbouringVm.budget!.requests);
    }
  });

  it('constant-time: the length stands out, no first byte does, and the claim is judged', () => {
    for (const seed of SEEDS) {
      const session = sessionFor(constantTime, seed);
      const pub = session.instance.public as TimingPublic & {
        tagBytes: { min: number; max: number };
      };
      const lengths: number[] = [];
      for (let n = pub.tagBytes.min; n <= pub.tagBytes.max; n++) lengths.push(n);
      const { times } = ask(session, { guesses: lengths.map((n) => '00'.repeat(n)), repeat: 16 });
      const means = times.map((t) => t.ns.reduce((a, b) => a + b, 0) / t.ns.length);
      const tagBytes = lengths[means.indexOf(Math.max(...means))]!;
      expect(tagBytes).toBe((session.instance.secret as TimingSecret).tag.length / 2);
      // (4σ/δ)² samples per candidate, worked out here: 4 × 400 ns / 100 ns, squared.
      const samples = ((4 * pub.network.jitterNs) / pub.perByteNs) ** 2;
      expect(samples).toBe(256);
      const first = ask(session, { guesses: candidates([], tagBytes), repeat: samples });
      const medians = first.times.map((t) => median(t.ns));
      const right = Number.parseInt((session.instance.secret as TimingSecret).tag.slice(0, 2), 16);
      const rank = medians.filter((m) => m > medians[right]!).length;
      expect(rank).toBeGreaterThan(2); // the right first byte is not the slowest, nor near it
      const verdict = expectOk(
        session.check({ tagBytes, bytesLeak: false, samplesPerCandidate: samples }),
      );
      expect(verdict).toMatchObject({ solved: true });
      expect(verdict.reason).toMatch(/The length leaks/);
    }
  });

  it('answers the same requests with the same times for a seed, each from the requests before', () => {
    const requests = [{ guess: '0000' }, { guesses: ['00', '0000', '000000'], repeat: 5 }];
    const run = (seed: string, count: number) => {
      const session = sessionFor(byHand, seed);
      return requests.slice(0, count).map((r) => ask(session, r));
    };
    expect(run('s', 2)).toEqual(run('s', 2));
    expect(run('s', 1)).toEqual(run('s', 2).slice(0, 1));
    expect(run('s', 2)).not.toEqual(run('t', 2));
    // The wrong length is refused before any byte is compared: 50 µs less than a 2-byte guess.
    const [, batch] = run('s', 2);
    const level = (i: number) => median(batch!.times[i]!.ns);
    expect(level(1) - level(0)).toBeGreaterThan(40_000);
    expect(Math.abs(level(2) - level(0))).toBeLessThan(1_000);
  });

  it('counts a batch as guesses × repeat and refuses what the budget cannot pay for', () => {
    const session = sessionFor(byHand, 'budget');
    expect(expectOk(session.ask({ guesses: ['00', '01'], repeat: 300 })).left).toBe(400);
    const refused = session.ask({ guesses: ['00', '01'], repeat: 201 });
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'challenge/budget',
      message: expect.stringMatching(/costs 402 requests, and only 400 of the 1,000 are left/),
    });
    expect(session.used).toBe(600);
    expectOk(session.ask({ guess: '00', repeat: 399 }));
    expectOk(session.check({ tag: '0000' }));
    const spent = session.check({ tag: '0000' });
    expect(spent.ok ? null : spent.error.message).toMatch(/answered all 1,000 requests/);
  });

  it('refuses malformed requests with the field named', () => {
    const session = sessionFor(byHand, 'requests');
    const error = (request: string) => {
      const result = session.ask(request);
      return result.ok ? null : result.error.message;
    };
    expect(error('{"guess": "zz"}')).toMatch(/^guess: "z" is not a hex digit/);
    expect(error('{"guesses": ["00", "0g"]}')).toMatch(/^guesses\[1\]: /);
    expect(error('{"guess": "00", "guesses": ["00"]}')).toMatch(/exactly one of "guess"/);
    expect(error('{"guesses": "00"}')).toMatch(/guesses: must be a list/);
    expect(error('{"guesses": []}')).toMatch(/the list is empty/);
    expect(error('{"guess": "00", "repeat": 0}')).toMatch(/repeat: must be a whole number/);
    expect(error('{"guess": "00", "repeat": 1.5}')).toMatch(/repeat: must be a whole number/);
    expect(error('{"guesses": ["00", "01"], "repeat": 60000}')).toMatch(/at most 100,000/);
    expect(error('{"guess": "00", "samples": 3}')).toMatch(/"samples" is not a field/);
    expect(error('[1]')).toMatch(/request must be a JSON object/);
    expect(error('{"guess": ')).toMatch(/^The request is not valid JSON/);
    expect(session.used).toBe(0);
  });

  it('rejects wrong and malformed answers with reasons that teach', () => {
    const instance = makeInstance(byHand, 'wrong');
    const { tag } = instance.secret as TimingSecret;
    const wrongTag = (tag[0] === '0' ? '1' : '0') + tag.slice(1);
    const wrong = expectOk(checkAnswer(byHand, instance, { tag: wrongTag }));
    expect(wrong).toMatchObject({ solved: false });
    expect(wrong.reason).toMatch(/stops at the first wrong byte/);
    expect(wrong.reason).not.toContain(tag);
    const short = checkAnswer(byHand, instance, { tag: 'ab' });
    expect(short.ok ? null : short.error.message).toMatch(
      /^tag: this server's tags are 2 bytes \(4 hex digits\), but this one is 1 bytes/,
    );
    const bad = checkAnswer(neighbouringVm, makeInstance(neighbouringVm, 'w'), '{"tag": 5}');
    expect(bad.ok ? null : bad.error.message).toMatch(/^tag: must be a string/);

    const ct = makeInstance(constantTime, 'claims');
    const length = (ct.secret as TimingSecret).tag.length / 2;
    const claim = (answer: Record<string, unknown>) =>
      expectOk(checkAnswer(constantTime, ct, answer));
    const right = { tagBytes: length, bytesLeak: false, samplesPerCandidate: 256 };
    expect(claim(right).solved).toBe(true);
    expect(claim({ ...right, tagBytes: length === 8 ? 9 : 8 }).reason).toMatch(
      /is not \d+ bytes long: guesses of that length are refused as quickly/,
    );
    expect(claim({ ...right, tagBytes: 40 }).reason).toMatch(/outside that range/);
    expect(claim({ ...right, bytesLeak: true }).reason).toMatch(/looks at every byte pair/);
    expect(claim({ ...right, samplesPerCandidate: 10 }).reason).toMatch(
      /a test that could not have seen a leak does not show there is none/,
    );
    expect(claim({ ...right, samplesPerCandidate: 1000 }).reason).toMatch(
      /more than this server's budget/,
    );
    const malformed = checkAnswer(constantTime, ct, { ...right, bytesLeak: 'no' });
    expect(malformed.ok ? null : malformed.error.message).toMatch(
      /^bytesLeak: must be true or false/,
    );
    const missing = checkAnswer(constantTime, ct, { tagBytes: 8, bytesLeak: false });
    expect(missing.ok ? null : missing.error.message).toMatch(/no "samplesPerCandidate" field/);
  });

  it('gives a learner’s attack script an oracle that spends the session’s budget', async () => {
    const session = sessionFor(byHand, 'script');
    const oracle = scriptOracle(session);
    expect(oracle.tagBytes).toBe(2);
    const batch = await oracle.timeBatch(candidates([], 2));
    const byte0 = batch.reduce((best, ns, c) => (ns[0]! > batch[best]![0]! ? c : best), 0);
    expect(typeof (await oracle.time('0000'))).toBe('number');
    expect(oracle.left()).toBe(1000 - 257);
    // The last byte costs the same right or wrong (the compare reaches it either way): only the
    // server's verdict tells, one submission per candidate.
    let verdict = { solved: false, reason: '' };
    for (let c = 0; c < 256 && !verdict.solved; c++) verdict = await oracle.submit(hex([byte0, c]));
    expect(verdict.solved).toBe(true);
    expect(verdict.reason).toMatch(/you never saw it/);
    await expect(oracle.timeBatch(['00'], 1000)).rejects.toThrow(/costs 1,000 requests, and only/);
    expect(scriptOracle(sessionFor(constantTime, 's')).tagBytes).toBeNull();
  });

  it('relays a script’s calls through the session and refuses malformed ones with a reason, at no cost', () => {
    const session = sessionFor(neighbouringVm, 'relay');
    const secret = session.instance.secret as TimingSecret;
    expect(neighbouringVm.script?.constants(session.instance.public)).toEqual({ tagBytes: 4 });
    const refused = (method: string, args: unknown) => {
      const reply = relayScriptCall(session, method, args);
      return reply.ok ? null : reply.error.message;
    };
    expect(refused('time', ['zz'])).toMatch(/^oracle\.time: guess: /);
    expect(refused('time', 'not a list')).toMatch(/^oracle\.time: takes at most 1 argument/);
    expect(refused('timeBatch', [['00'], 0])).toMatch(/^oracle\.timeBatch: repeat: /);
    expect(refused('timeBatch', [{ length: 3 }])).toMatch(/guesses: must be a list/);
    expect(refused('submit', ['00'])).toMatch(
      /^oracle\.submit: tag: this server's tags are 4 bytes/,
    );
    expect(refused('secret', [])).toMatch(/has no method "secret"/);
    expect(refused('__proto__', [])).toMatch(/has no method/);
    expect(session.used).toBe(0);
    const one = expectOk(relayScriptCall(session, 'time', ['00000000']));
    expect(typeof one.value).toBe('number');
    expect(one.verdict).toBeUndefined();
    const batch = expectOk(relayScriptCall(session, 'timeBatch', [['00', '01'], 3]));
    expect((batch.value as number[][]).map((ns) => ns.length)).toEqual([3, 3]);
    expect(session.used).toBe(7);
    const wrong = expectOk(relayScriptCall(session, 'submit', ['00000000']));
    expect(wrong.verdict?.solved).toBe(secret.tag === '00000000');
    const right = expectOk(relayScriptCall(session, 'submit', [secret.tag]));
    expect(right.verdict).toMatchObject({ solved: true });
    expect(right.value).toEqual(right.verdict);
    expect(session.used).toBe(9);
  });
});
