/**
 * The timing challenges. The server holds a tag for the signed message and checks a guessed tag
 * with a compare; the learner only sees how long each answer took. Unlike the other labs'
 * challenges, the learner must question the server before answering: `ask` times guesses (one, or
 * a batch, each repeated), on the lab's own simulated clock (server.ts's simulateQuery: the compare
 * really runs on the guess, and the time is the round trip, plus the bytes compared times their
 * cost, plus the network preset's noise from noise.ts). The noise comes from the session's
 * generator, so an instance made from a seed answers the same requests with the same times.
 *
 * Level 1 is a 2-byte tag with a per-byte cost far above the noise: one batch of 256 guesses
 * shows the first byte. Level 2 is a 4-byte tag from a neighbouring VM, where a byte costs half
 * the jitter: a budget of 100,000 requests against the lab's sequential attack's 12,000–64,000
 * (100 seeds), and the 2^32 tags out of reach; a fixed 64 samples per candidate (49,000
 * requests) finds the tag about four times in ten. In the app the learner writes it as
 * `async function attack(oracle)` against `TimingScriptOracle`.
 * Level 3 is a constant-time compare: the answer is a claim with its evidence, judged by the server.
 */
import { bytesToHex, parseHex } from '../../../core/bytes';
import {
  defineChallenge,
  hexField,
  onlyFields,
  type Challenge,
  type ChallengeScript,
  type ChallengeSession,
  type ScriptReply,
  type Verdict,
} from '../../../core/challenge';
import { expectOk, fail, ok, type Result } from '../../../core/result';
import { runAttack } from './attack';
import type { CompareKind } from './compares';
import { findPreset, noiseModel, type NoisePresetId } from './noise';
import { formatNs } from './params';
import { createPrng } from './prng';
import { SIGNED_MESSAGE, simulateQuery, type Oracle, type ServerConfig } from './server';
import { queriesPerByte } from './verdict';
import { formatNumber } from '../../../core/number-format';

interface LengthRange {
  min: number;
  max: number;
}

/** What the learner is told about the server. */
export interface TimingPublic {
  /** The message whose tag the server holds. */
  message: string;
  compare: CompareKind;
  /** The tag's length in bytes, or (level 3) the range it was drawn from. */
  tagBytes: number | LengthRange;
  /** What comparing one byte pair costs the server, ns. */
  perByteNs: number;
  /** Where the attacker sits: the round trip and its noise (noise.ts's presets). */
  network: { preset: NoisePresetId; baseNs: number; jitterNs: number };
}

export interface TimingSecret {
  /** The server's tag, in hex. */
  tag: string;
}

/** A request: each guess (hex, any length) timed `repeat` times. */
export interface TimingRequest {
  guesses: string[];
  repeat: number;
}

export interface TimedGuess {
  guess: string;
  /** Each round trip as the attacker measured it, in whole nanoseconds. */
  ns: number[];
  /** Whether the server accepted the guess as the tag. */
  accepted: boolean;
}

export interface TimingResponse {
  times: TimedGuess[];
}

export interface TagAnswer {
  tag: string;
}

export interface ClaimAnswer {
  tagBytes: number;
  bytesLeak: boolean;
  samplesPerCandidate: number;
}

/** One request times at most this many round trips (a batch of 256 guesses × 390). */
export const MAX_TIMINGS_PER_REQUEST = 100_000;
const MAX_GUESSES = 4096;
const MAX_GUESS_BYTES = 64;

const REQUEST_SHAPE =
  '{ "guess": "<hex>" } or { "guesses": ["<hex>", …] }, optionally with "repeat": N (each guess timed N times)';
const RESPONSE_SHAPE =
  '{ "times": [{ "guess": "<hex>", "ns": [<round trip>, …], "accepted": false }, …] }';

function parseRequest(request: Record<string, unknown>): Result<TimingRequest> {
  const fields = onlyFields(request, ['guess', 'guesses', 'repeat']);
  if (!fields.ok) return fields;
  const hasOne = request.guess !== undefined;
  const hasMany = request.guesses !== undefined;
  if (hasOne === hasMany)
    return fail(
      'request/missing',
      'Give exactly one of "guess" (one tag in hex) or "guesses" (a list of them).',
    );
  let texts: unknown[];
  if (hasOne) texts = [request.guess];
  else if (!Array.isArray(request.guesses))
    return fail('request/type', 'guesses: must be a list of hex strings, ["00ab", "01ab", …].');
  else texts = request.guesses;
  if (texts.length === 0) return fail('request/empty', 'guesses: the list is empty.');
  if (texts.length > MAX_GUESSES)
    return fail(
      'request/too-many',
      `guesses: ${formatNumber(texts.length)} guesses in one request; at most ${formatNumber(MAX_GUESSES)}.`,
    );
  const guesses: string[] = [];
  for (const [i, text] of texts.entries()) {
    const name = hasOne ? 'guess' : `guesses[${i}]`;
    const bytes = hexField({ [name]: text }, name, MAX_GUESS_BYTES);
    if (!bytes.ok) return bytes;
    guesses.push(bytesToHex(bytes.value));
  }
  let repeat = 1;
  if (request.repeat !== undefined) {
    const value = request.repeat;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      return fail('request/repeat', 'repeat: must be a whole number, 1 or more.');
    repeat = value;
  }
  if (guesses.length * repeat > MAX_TIMINGS_PER_REQUEST)
    return fail(
      'request/too-many',
      `${formatNumber(guesses.length)} guesses × repeat ${formatNumber(repeat)} is ${formatNumber(guesses.length * repeat)} timings; one request takes at most ${formatNumber(MAX_TIMINGS_PER_REQUEST)}.`,
    );
  return ok({ guesses, repeat });
}

function serverConfig(pub: TimingPublic, tagBytes: number): ServerConfig {
  return {
    tagBytes,
    perByteNs: pub.perByteNs,
    compare: pub.compare,
    noise: noiseModel(pub.network.jitterNs, pub.network.baseNs),
  };
}

const ask = {
  requestShape: REQUEST_SHAPE,
  responseShape: RESPONSE_SHAPE,
  parseRequest,
  cost: (request: TimingRequest) => request.guesses.length * request.repeat,
  respond(
    pub: TimingPublic,
    secret: TimingSecret,
    request: TimingRequest,
    noise: { uint32(): number },
  ): TimingResponse {
    const tag = expectOk(parseHex(secret.tag));
    const config = serverConfig(pub, tag.length);
    // One draw from the session's generator seeds this request's noise (the lab's sfc32): fast,
    // and still a function of the seed and the requests before.
    const prng = createPrng(noise.uint32());
    return {
      times: request.guesses.map((guess) => {
        const bytes = expectOk(parseHex(guess));
        const ns: number[] = [];
        let accepted = false;
        for (let i = 0; i < request.repeat; i++) {
          const observation = simulateQuery(config, tag, bytes, prng);
          ns.push(Math.round(observation.ns));
          accepted = observation.accepted;
        }
        return { guess, ns, accepted };
      }),
    };
  },
};

function networkOf(preset: NoisePresetId): TimingPublic['network'] {
  const found = findPreset(preset)!;
  return { preset, baseNs: found.baseNs, jitterNs: found.jitterNs };
}

function parseTagAnswer(answer: Record<string, unknown>, bytes: number): Result<TagAnswer> {
  const fields = onlyFields(answer, ['tag']);
  if (!fields.ok) return fields;
  const tag = hexField(answer, 'tag', MAX_GUESS_BYTES);
  if (!tag.ok) return tag;
  if (tag.value.length !== bytes)
    return fail(
      'answer/tag-length',
      `tag: this server's tags are ${bytes} bytes (${bytes * 2} hex digits), but this one is ${tag.value.length} bytes.`,
    );
  return ok({ tag: bytesToHex(tag.value) });
}

/** The verdict on a tag handed in to an early-exit server: right, or why it was refused. */
function checkTag(secret: TimingSecret, answer: TagAnswer): Verdict {
  if (answer.tag === secret.tag)
    return {
      solved: true,
      reason:
        'The server accepts the tag, and you never saw it: every byte came from how long the server took to say no. Its == stops at the first wrong byte; hmac.compare_digest or crypto.timingSafeEqual always look at every byte.',
    };
  return {
    solved: false,
    reason:
      'The server refuses this tag: it is not the one the server holds. Its == stops at the first wrong byte, so a guess whose first bytes are right keeps it comparing longer: time guesses that differ only at one position, with the bytes before it fixed.',
  };
}

const TAG_BUDGET_WHAT =
  'Each guess timed costs one request (a batch of N guesses repeated R times costs N × R), and so does each tag handed in.';

/** Reads a response the automatic attack asked for (one guess, once). */
function oneTiming(response: unknown) {
  const { ns, accepted } = (response as TimingResponse).times[0]!;
  return { ns: ns[0]!, accepted };
}

/** The lab's Oracle, its queries sent through the challenge's session (`ask`). */
function askingOracle(tagBytes: number, ask: (request: TimingRequest) => unknown): Oracle {
  const oracle = {
    tagBytes,
    queries: 0,
    query(guess: Uint8Array) {
      oracle.queries++;
      return oneTiming(ask({ guesses: [bytesToHex(guess)], repeat: 1 }));
    },
  };
  return oracle;
}

const medianOf = (xs: readonly number[]) => {
  const sorted = xs.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const allCandidates = (prefix: readonly number[], length: number) =>
  Array.from({ length: 256 }, (_, c) => {
    const guess = new Uint8Array(length);
    guess.set(prefix);
    guess[prefix.length] = c;
    return bytesToHex(guess);
  });

// ---------------------------------------------------------------- level 1: by hand

const SERVER_STORY = `A server checks the tag of "${SIGNED_MESSAGE}" (a truncated HMAC-SHA256 under a key it keeps) with ==, which stops at the first byte that differs. You cannot see the tag, but you can send guesses and time the answers.`;

export const byHand = defineChallenge<
  TimingPublic,
  TimingSecret,
  TagAnswer,
  TimingRequest,
  TimingResponse
>({
  id: 'timing/by-hand',
  lab: 'timing',
  level: 1,
  title: 'A 2-byte tag, by hand',
  brief: `${SERVER_STORY} This one is slow: comparing one byte costs it ${formatNs(50_000)}, far more than the noise on the same machine. Its tag is only 2 bytes, but it answers at most 1,000 requests, too few to try all 65,536 tags.`,
  goal: 'Hand in the server’s 2-byte tag.',
  hints: [
    'A guess whose first byte is right makes == compare a second byte before it says no. With a cost this large, one timing per guess shows it.',
    'Time the 256 guesses 00 00, 01 00, … ff 00 in one batch: one of them is answered about one byte’s cost later than the rest. That is the first byte.',
    'Keep that first byte and send its 256 second bytes: the last byte costs the same right or wrong (the compare reaches it either way), but the server accepts exactly one of them.',
  ],
  answerShape: '{ "tag": "<4 hex digits>" }',
  fields: [{ name: 'tag', label: 'The tag (hex)', kind: 'hex' }],
  budget: { requests: 1000, what: TAG_BUDGET_WHAT },
  ask,
  make: (rng) => ({
    public: {
      message: SIGNED_MESSAGE,
      compare: 'early-exit',
      tagBytes: 2,
      perByteNs: 50_000,
      network: networkOf('same-machine'),
    },
    secret: { tag: rng.hex(2) },
  }),
  parseAnswer: (answer) => parseTagAnswer(answer, 2),
  check: (_pub, secret, answer) => checkTag(secret, answer),
  solve(_pub, _oracle, askServer) {
    // What a learner does by hand: one batch per byte, the slowest (or the accepted) guess wins.
    const prefix: number[] = [];
    for (let position = 0; position < 2; position++) {
      const { times } = askServer({ guesses: allCandidates(prefix, 2), repeat: 1 });
      const accepted = times.findIndex((t) => t.accepted);
      let best = 0;
      for (let c = 1; c < 256; c++) if (times[c]!.ns[0]! > times[best]!.ns[0]!) best = c;
      prefix.push(accepted >= 0 ? accepted : best);
    }
    return { tag: bytesToHex(Uint8Array.from(prefix)) };
  },
});

// ---------------------------------------------------------------- level 2: a script, a budget

const VM_PER_BYTE_NS = 200;
const SCRIPT_BUDGET = 100_000;

/** The editor's first script: it runs and shows the oracle, and it is not yet good enough. */
const STARTER_SCRIPT = `// This runs in a sandbox: no page, no storage, no network. Only the oracle reaches the server.
//   oracle.tagBytes                  the tag's length in bytes
//   await oracle.time(hex)           one round trip, in ns (costs 1 request)
//   await oracle.timeBatch(list, r)  each guess timed r times: ns[guess][sample] (costs guesses × r)
//   await oracle.submit(hex)         hands in a tag: { solved, reason } (costs 1)
//   oracle.left()                    requests left
async function attack(oracle) {
  const hex = (b) => b.toString(16).padStart(2, '0');
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  let prefix = '';
  for (let position = 0; position < oracle.tagBytes; position++) {
    const rest = '00'.repeat(oracle.tagBytes - position - 1);
    const guesses = Array.from({ length: 256 }, (_, c) => prefix + hex(c) + rest);
    // 8 samples per guess: is that enough against this noise? And the last byte?
    const ns = await oracle.timeBatch(guesses, 8);
    let best = 0;
    for (let c = 1; c < 256; c++) if (median(ns[c]) > median(ns[best])) best = c;
    prefix += hex(best);
    console.log('byte', position, '=', hex(best), '; requests left:', oracle.left());
  }
  const verdict = await oracle.submit(prefix);
  console.log(verdict.reason);
}
`;

/** The timing servers' oracle for a learner's script (`TimingScriptOracle`). */
const TIMING_SCRIPT: ChallengeScript = {
  methods: ['time', 'timeBatch', 'submit'],
  starter: STARTER_SCRIPT,
  what: 'oracle.time(guess), oracle.timeBatch(guesses, repeat), oracle.submit(tag), oracle.left() and oracle.tagBytes',
  constants: (pub) => {
    const { tagBytes } = pub as TimingPublic;
    return { tagBytes: typeof tagBytes === 'number' ? tagBytes : null };
  },
  relay: (session, method, args) => relayScriptCall(session, method, args),
};

export const neighbouringVm = defineChallenge<
  TimingPublic,
  TimingSecret,
  TagAnswer,
  TimingRequest,
  TimingResponse
>({
  id: 'timing/neighbouring-vm',
  lab: 'timing',
  level: 2,
  title: 'A 4-byte tag from the VM next door',
  brief: `${SERVER_STORY} You rent a virtual machine on the same host: a byte costs the server ${formatNs(VM_PER_BYTE_NS)}, and the round trip jitters by about ${formatNs(400)}, with the occasional hiccup far larger. The tag is 4 bytes, and the server answers at most ${formatNumber(SCRIPT_BUDGET)} requests.`,
  goal: 'Hand in the server’s 4-byte tag within the budget.',
  hints: [
    'One timing per guess no longer tells anything: the jitter is larger than a byte’s cost. Average, and clip the hiccups (or use medians).',
    `Sampling every candidate the same number of times wastes the budget on the 255 wrong ones. Decide each candidate as the samples come in: most wrong ones are out after a few (a sequential test, as the lab's attack does).`,
    'Measure first what a byte costs and how large the noise is: a guess of the wrong length stops before any byte is compared, one with a wrong first byte after one. The last byte needs no timing: the server accepts the right tag.',
  ],
  answerShape: '{ "tag": "<8 hex digits>" }',
  fields: [{ name: 'tag', label: 'The tag (hex)', kind: 'hex' }],
  budget: { requests: SCRIPT_BUDGET, what: TAG_BUDGET_WHAT },
  ask,
  script: TIMING_SCRIPT,
  make: (rng) => ({
    public: {
      message: SIGNED_MESSAGE,
      compare: 'early-exit',
      tagBytes: 4,
      perByteNs: VM_PER_BYTE_NS,
      network: networkOf('neighbouring-vm'),
    },
    secret: { tag: rng.hex(4) },
  }),
  parseAnswer: (answer) => parseTagAnswer(answer, 4),
  check: (_pub, secret, answer) => checkTag(secret, answer),
  solve(pub, _oracle, askServer) {
    // The lab's own attack (calibration, Wald's sequential test, backtracking), every query sent
    // through the session, stopping short of the budget rather than overspending it.
    // An attack that gives up (too many backtracks after bad luck) starts again on what is left.
    const oracle = askingOracle(4, askServer);
    let found: number[] = [];
    for (let seed = 1; oracle.queries < SCRIPT_BUDGET - 1000; seed++) {
      const result = runAttack(oracle, {
        seed,
        maxQueries: SCRIPT_BUDGET - 1 - oracle.queries,
      });
      found = result.found;
      if (result.recovered) break;
    }
    found = found.concat([0, 0, 0, 0]).slice(0, pub.tagBytes as number);
    return { tag: bytesToHex(Uint8Array.from(found)) };
  },
});

// ---------------------------------------------------------------- level 3: nothing leaks

const CT_RANGE: LengthRange = { min: 8, max: 32 };
const CT_PER_BYTE_NS = 100;
const CT_BUDGET = 100_000;

/** Samples per candidate a one-byte difference needs to stand out (verdict.ts's model). */
export function samplesNeeded(pub: TimingPublic): number {
  return queriesPerByte(pub.network.jitterNs, pub.perByteNs) / 256;
}

export const constantTime = defineChallenge<
  TimingPublic,
  TimingSecret,
  ClaimAnswer,
  TimingRequest,
  TimingResponse
>({
  id: 'timing/constant-time',
  lab: 'timing',
  level: 3,
  title: 'Constant time: show what leaks and what does not',
  brief: `This server was fixed: it checks the tag of "${SIGNED_MESSAGE}" with a constant-time compare (it checks the length, then ORs together the XOR of every byte pair). A byte pair costs it ${formatNs(CT_PER_BYTE_NS)}; you sit on a neighbouring VM (jitter about ${formatNs(400)}). The tag is ${CT_RANGE.min} to ${CT_RANGE.max} bytes long, and the server answers at most ${formatNumber(CT_BUDGET)} requests.`,
  goal: 'Find out what the server’s timing still reveals, and back your claim that the tag’s bytes do not leak with a measurement that would have seen a leak.',
  hints: [
    '“Constant time” is about the bytes. Look at what the compare does before its loop.',
    'A guess of the wrong length is refused before any byte is compared; a guess of the right length costs every byte pair. Time one guess of each length.',
    'Finding no slower candidate proves nothing if your samples could not have found one: by the lab’s model, seeing a difference δ under noise σ takes about (4σ/δ)² samples per candidate. Measure the first byte’s 256 candidates at the right length with that many.',
  ],
  answerShape:
    '{ "tagBytes": N, "bytesLeak": true | false, "samplesPerCandidate": N (how many timings of each first-byte candidate your claim rests on) }',
  fields: [
    { name: 'tagBytes', label: 'The tag’s length (bytes)', kind: 'number' },
    {
      name: 'bytesLeak',
      label: 'Do the tag’s bytes leak by timing?',
      kind: 'choice',
      options: [
        { value: true, label: 'Yes' },
        { value: false, label: 'No' },
      ],
    },
    {
      name: 'samplesPerCandidate',
      label: 'Samples per first-byte candidate your claim rests on',
      kind: 'number',
    },
  ],
  budget: {
    requests: CT_BUDGET,
    what: 'Each guess timed costs one request (a batch of N guesses repeated R times costs N × R), and so does each answer handed in.',
  },
  ask,
  make: (rng) => ({
    public: {
      message: SIGNED_MESSAGE,
      compare: 'constant-time',
      tagBytes: CT_RANGE,
      perByteNs: CT_PER_BYTE_NS,
      network: networkOf('neighbouring-vm'),
    },
    secret: { tag: rng.hex(rng.between(CT_RANGE.min, CT_RANGE.max)) },
  }),
  parseAnswer(answer) {
    const fields = onlyFields(answer, ['tagBytes', 'bytesLeak', 'samplesPerCandidate']);
    if (!fields.ok) return fields;
    const whole = (name: string): Result<number> => {
      const value = answer[name];
      if (value === undefined) return fail('answer/missing', `The answer has no "${name}" field.`);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
        return fail('answer/type', `${name}: must be a whole number, such as 12.`);
      return ok(value);
    };
    const tagBytes = whole('tagBytes');
    if (!tagBytes.ok) return tagBytes;
    const samples = whole('samplesPerCandidate');
    if (!samples.ok) return samples;
    if (answer.bytesLeak === undefined)
      return fail('answer/missing', 'The answer has no "bytesLeak" field.');
    if (typeof answer.bytesLeak !== 'boolean')
      return fail('answer/type', 'bytesLeak: must be true or false, without quotes.');
    return ok({
      tagBytes: tagBytes.value,
      bytesLeak: answer.bytesLeak,
      samplesPerCandidate: samples.value,
    });
  },
  check(pub, secret, answer) {
    const tagBytes = secret.tag.length / 2;
    const range = pub.tagBytes as LengthRange;
    if (answer.tagBytes !== tagBytes)
      return {
        solved: false,
        reason:
          answer.tagBytes < range.min || answer.tagBytes > range.max
            ? `The tag is ${range.min} to ${range.max} bytes long, and ${answer.tagBytes} is outside that range.`
            : `The server's tag is not ${answer.tagBytes} bytes long: guesses of that length are refused as quickly as those of every other wrong length.`,
      };
    if (answer.bytesLeak)
      return {
        solved: false,
        reason:
          'You claim the bytes leak, but no candidate is answered later than another here: this compare looks at every byte pair of a right-length guess, whatever they hold. A candidate that looked slower was the noise.',
      };
    const needed = samplesNeeded(pub);
    if (answer.samplesPerCandidate * 256 > CT_BUDGET)
      return {
        solved: false,
        reason: `${formatNumber(answer.samplesPerCandidate)} samples for each of 256 candidates is more than this server's budget of ${formatNumber(CT_BUDGET)} requests: that measurement cannot have been made here.`,
      };
    if (answer.samplesPerCandidate < needed)
      return {
        solved: false,
        reason: `With ${formatNumber(answer.samplesPerCandidate)} samples per candidate, a one-byte difference of ${formatNs(pub.perByteNs)} under noise of ${formatNs(pub.network.jitterNs)} would not have stood out either: a test that could not have seen a leak does not show there is none.`,
      };
    return {
      solved: true,
      reason: `Right on both counts. The length leaks: the compare returns at once on a wrong length (harmless, since a tag's length is public in any real protocol). The bytes do not: ${formatNumber(answer.samplesPerCandidate)} samples per candidate would have shown a ${formatNs(pub.perByteNs)} difference under this noise, and no candidate stood out.`,
    };
  },
  solve(pub, _oracle, askServer) {
    const range = pub.tagBytes as LengthRange;
    // The length: one guess of each length, 32 times; the right one costs every byte pair.
    const lengths = Array.from({ length: range.max - range.min + 1 }, (_, i) => range.min + i);
    const { times } = askServer({
      guesses: lengths.map((n) => '00'.repeat(n)),
      repeat: 32,
    });
    const levels = times.map((t) => medianOf(t.ns));
    const tagBytes = lengths[levels.indexOf(Math.max(...levels))]!;
    // The bytes: the first byte's 256 candidates at that length, with the samples a one-byte
    // difference needs; the claim follows from the data, not from knowing the compare.
    const samples = samplesNeeded(pub);
    const first = askServer({ guesses: allCandidates([], tagBytes), repeat: samples });
    const clipped = (ns: number[]) => {
      const m = medianOf(ns);
      const limit = 4 * pub.network.jitterNs;
      return (
        ns.reduce((acc, x) => acc + Math.min(m + limit, Math.max(m - limit, x)), 0) / ns.length
      );
    };
    const means = first.times.map((t) => clipped(t.ns));
    const all = medianOf(means);
    const spread = pub.network.jitterNs / Math.sqrt(samples);
    // With 256 candidates the largest of 256 wrong ones sits near 3σ; a leak would sit near 4σ more.
    const bytesLeak = Math.max(...means) - all > 5 * spread;
    return { tagBytes, bytesLeak, samplesPerCandidate: samples };
  },
});

export const TIMING_CHALLENGES: readonly Challenge[] = [byHand, neighbouringVm, constantTime];

// ---------------------------------------------------------------- a learner's attack script

/**
 * What a learner's `async function attack(oracle)` gets in the app: the page runs the script in
 * the sandbox (src/platform/sandbox) and relays each call to the instance's session outside it,
 * so the script sees times and verdicts only, and every call spends the session's budget. A call
 * past the budget rejects with the session's message.
 */
export interface TimingScriptOracle {
  /** The tag's length in bytes, or null when finding it is part of the challenge (level 3). */
  readonly tagBytes: number | null;
  /** Requests left in the budget. */
  left(): number;
  /** One round trip for a guess (hex), in nanoseconds. Costs one request. */
  time(guess: string): Promise<number>;
  /** Each guess timed `repeat` times (default 1): ns[guess][sample]. Costs guesses × repeat. */
  timeBatch(guesses: readonly string[], repeat?: number): Promise<number[][]>;
  /** Hands in a tag (hex): the server's verdict. Costs one request. */
  submit(tag: string): Promise<Verdict>;
}

function argList(method: string, args: unknown, most: number): Result<unknown[]> {
  if (!Array.isArray(args) || args.length > most)
    return fail(
      'script/call',
      `oracle.${method}: takes at most ${most} argument${most > 1 ? 's' : ''}.`,
    );
  return ok(args);
}

/**
 * Answers one oracle call of a learner's script, through the session (so it spends the budget),
 * or says what is wrong with it. The call comes from the learner's code: every argument is
 * checked here, by the same parsers as a request or an answer typed into the page.
 */
export function relayScriptCall(
  session: ChallengeSession,
  method: string,
  args: unknown,
): Result<ScriptReply> {
  const timed = (request: Record<string, unknown>): Result<number[][]> => {
    const answer = session.ask(request);
    if (!answer.ok) return fail(answer.error.code, `oracle.${method}: ${answer.error.message}`);
    return ok((answer.value.response as TimingResponse).times.map((t) => t.ns));
  };
  switch (method) {
    case 'time': {
      const list = argList(method, args, 1);
      if (!list.ok) return list;
      const ns = timed({ guess: list.value[0] });
      return ns.ok ? ok({ value: ns.value[0]![0]! }) : ns;
    }
    case 'timeBatch': {
      const list = argList(method, args, 2);
      if (!list.ok) return list;
      const [guesses, repeat] = list.value;
      const ns = timed(repeat === undefined ? { guesses } : { guesses, repeat });
      return ns.ok ? ok({ value: ns.value }) : ns;
    }
    case 'submit': {
      const list = argList(method, args, 1);
      if (!list.ok) return list;
      const verdict = session.check({ tag: list.value[0] });
      if (!verdict.ok) return fail(verdict.error.code, `oracle.submit: ${verdict.error.message}`);
      return ok({ value: { ...verdict.value }, verdict: verdict.value });
    }
    default:
      return fail('script/call', `The oracle has no method "${method.slice(0, 40)}".`);
  }
}

/**
 * The oracle for a session of a timing challenge, in the script's own shape: what the sandbox
 * gives the script, with each call answered by `relayScriptCall` directly (tests, Node).
 */
export function scriptOracle(session: ChallengeSession): TimingScriptOracle {
  const pub = session.instance.public as TimingPublic;
  const call = (method: string, args: unknown[]): unknown => {
    const reply = relayScriptCall(session, method, args);
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.value.value;
  };
  return {
    tagBytes: typeof pub.tagBytes === 'number' ? pub.tagBytes : null,
    left: () => session.left ?? Infinity,
    time: async (guess) => call('time', [guess]) as number,
    timeBatch: async (guesses, repeat) =>
      call('timeBatch', repeat === undefined ? [guesses] : [guesses, repeat]) as number[][],
    submit: async (tag) => call('submit', [tag]) as Verdict,
  };
}
