/**
 * `mt-clone`, `mt-seed-search`, `v8-predict`, `boot-seed-search`: the randomness lab from the
 * command line.
 */
import { fail, ok, type Result } from '../../core/result';
import { stringOption, type CliCommand, type OptionValues } from '../../cli/command';
import { readWholeFile } from '../../cli/read-file';
import { parseBootSpace, parseToken, searchBootSpace } from './core/boot-entropy';
import { detectAndPredict } from './core/math-random';
import { cloneFromOutputs, predictAfter } from './core/mt-clone';
import { parseUint32List, parseUnitDoubles } from './core/parse-numbers';
import { parseSeedSearch, searchSeeds } from './core/seed-search';

async function readText(path: string | undefined): Promise<Result<string>> {
  if (path === undefined)
    return fail('usage/missing-file', 'Give --outputs-file with the outputs.');
  const bytes = await readWholeFile(path);
  if (!bytes.ok) return bytes;
  return ok(new TextDecoder().decode(bytes.value));
}

function countOption(
  values: OptionValues,
  name: string,
  fallback: number,
  max: number,
): Result<number> {
  const text = stringOption(values, name);
  if (text === undefined) return ok(fallback);
  if (!/^\d+$/.test(text.trim()))
    return fail('usage/count', `--${name} must be a whole number (got “${text}”).`);
  const value = Number(text);
  if (value > max) return fail('usage/count', `--${name} can be at most ${max}.`);
  return ok(value);
}

export const mtCloneCommand: CliCommand = {
  name: 'mt-clone',
  summary: 'Clone CPython random from 624+ getrandbits(32) outputs and predict what follows.',
  usage:
    '--outputs-file F [--next N] [--choice-alphabet A --choice-count K] [--json]\n\n' +
    'F holds consecutive getrandbits(32) outputs (a printed list, or one per line). Prints the next\n' +
    'N outputs (default 10) and, with an alphabet and count, the next\n' +
    "''.join(random.choice(A) for i in range(K)); each prediction starts right after the outputs.",
  options: {
    'outputs-file': { type: 'string' },
    next: { type: 'string' },
    'choice-alphabet': { type: 'string' },
    'choice-count': { type: 'string' },
  },
  async run(values) {
    const next = countOption(values, 'next', 10, 1_000_000);
    if (!next.ok) return next;
    const alphabet = stringOption(values, 'choice-alphabet');
    const countText = stringOption(values, 'choice-count');
    if ((alphabet === undefined) !== (countText === undefined))
      return fail('usage/choice', 'Give --choice-alphabet and --choice-count together.');
    if (alphabet !== undefined && alphabet.length === 0)
      return fail('choice/empty', 'The choice alphabet is empty.');
    const count = countOption(values, 'choice-count', 0, 1_000_000);
    if (!count.ok) return count;
    const text = await readText(stringOption(values, 'outputs-file'));
    if (!text.ok) return text;
    const outputs = parseUint32List(text.value);
    if (!outputs.ok) return outputs;
    const clone = cloneFromOutputs(outputs.value);
    if (!clone.ok) return clone;
    const prediction = predictAfter(clone.value, {
      next: next.value,
      alphabet,
      length: alphabet === undefined ? undefined : count.value,
    });
    return ok(
      prediction.key === null
        ? { next: prediction.next }
        : { next: prediction.next, choice: prediction.key },
    );
  },
  format: (value) => {
    const v = value as { next: number[]; choice?: string };
    return [
      `next: ${v.next.join(' ')}`,
      ...(v.choice !== undefined ? [`choice: ${v.choice}`] : []),
    ].join('\n');
  },
};

export const mtSeedSearchCommand: CliCommand = {
  name: 'mt-seed-search',
  summary: 'Find t in a window such that random.seed(t) then L choice calls made the key.',
  usage: '--from T0 --to T1 --alphabet A --length L --key K [--json]',
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    alphabet: { type: 'string' },
    length: { type: 'string' },
    key: { type: 'string' },
  },
  async run(values) {
    const missing = ['from', 'to', 'alphabet', 'length', 'key'].filter(
      (name) => stringOption(values, name) === undefined,
    );
    if (missing.length > 0)
      return fail('usage/missing', `Give ${missing.map((m) => `--${m}`).join(', ')}.`);
    const query = parseSeedSearch({
      from: stringOption(values, 'from')!,
      to: stringOption(values, 'to')!,
      alphabet: stringOption(values, 'alphabet')!,
      key: stringOption(values, 'key')!,
      length: stringOption(values, 'length')!,
    });
    if (!query.ok) return query;
    return ok({ seed: searchSeeds(query.value).seed });
  },
  format: (value) => {
    const { seed } = value as { seed: number | null };
    return seed === null ? 'no seed in the window makes this key' : `seed: ${seed}`;
  },
};

export const v8PredictCommand: CliCommand = {
  name: 'v8-predict',
  summary:
    'Recover Math.random state (V8, Firefox, Safari) from outputs and predict the next ones.',
  usage:
    '--outputs-file F --next N [--json]\n\n' +
    'F holds consecutive Math.random() values (a JSON array, or one per line). Prints the engine\n' +
    'model that fits (v8-legacy, v8-sum, v8-sum-reversed or firefox-safari), the order it hands\n' +
    'values out in (step-order, or caches-backwards: V8 serving each 64-value cache from its end),\n' +
    'and the next N values.',
  options: {
    'outputs-file': { type: 'string' },
    next: { type: 'string' },
  },
  async run(values) {
    const next = countOption(values, 'next', 10, 100_000);
    if (!next.ok) return next;
    const text = await readText(stringOption(values, 'outputs-file'));
    if (!text.ok) return text;
    const observed = parseUnitDoubles(text.value);
    if (!observed.ok) return observed;
    const detection = await detectAndPredict(observed.value, next.value);
    if (!detection.ok) return fail('v8-predict/no-model', detection.message);
    const { model, order } = detection.recovery;
    return ok({ model, order, next: detection.recovery.next });
  },
  format: (value) => {
    const v = value as { model: string; order: string; next: number[] };
    return [`model: ${v.model}`, `order: ${v.order}`, ...v.next.map(String)].join('\n');
  },
};

export const bootSeedSearchCommand: CliCommand = {
  name: 'boot-seed-search',
  summary: 'Find the fallback seed CPython used without OS randomness, from the token it made.',
  usage:
    '--model time-256 --from-seed A --to-seed B --token HEX [--json]\n' +
    '--model time-pid --pid-from P --pid-to Q --wall-from NS --wall-to NS --boot-from NS --boot-to NS --token HEX [--json]\n\n' +
    "HEX is '%032x' % random.getrandbits(128) from a freshly seeded random.Random(). time-256 is\n" +
    "CPython 2.7–3.5's int(time.time() * 256); time-pid is random_seed_time_pid: the wall clock\n" +
    '(ns since 1970), the pid, and the monotonic clock, given as wall - monotonic (the boot instant, ns).',
  options: {
    model: { type: 'string' },
    'from-seed': { type: 'string' },
    'to-seed': { type: 'string' },
    'pid-from': { type: 'string' },
    'pid-to': { type: 'string' },
    'wall-from': { type: 'string' },
    'wall-to': { type: 'string' },
    'boot-from': { type: 'string' },
    'boot-to': { type: 'string' },
    token: { type: 'string' },
  },
  async run(values) {
    const tokenText = stringOption(values, 'token');
    if (tokenText === undefined) return fail('usage/missing', 'Give --token.');
    const token = parseToken(tokenText);
    if (!token.ok) return token;
    const space = parseBootSpace({
      model: stringOption(values, 'model') ?? '',
      fromSeed: stringOption(values, 'from-seed'),
      toSeed: stringOption(values, 'to-seed'),
      pidFrom: stringOption(values, 'pid-from'),
      pidTo: stringOption(values, 'pid-to'),
      wallFrom: stringOption(values, 'wall-from'),
      wallTo: stringOption(values, 'wall-to'),
      bootFrom: stringOption(values, 'boot-from'),
      bootTo: stringOption(values, 'boot-to'),
    });
    if (!space.ok) return space;
    const { found, tried } = searchBootSpace(space.value, token.value);
    if (!found) return ok({ found: null, tried });
    return ok({
      found: {
        key: found.key,
        ...(found.seed !== undefined ? { seed: found.seed } : {}),
        ...(found.pid !== undefined
          ? { pid: found.pid, wallNs: String(found.wallNs), monotonicNs: String(found.monotonicNs) }
          : {}),
      },
      tried,
    });
  },
  format: (value) => {
    const v = value as {
      found: {
        key: number[];
        seed?: number;
        pid?: number;
        wallNs?: string;
        monotonicNs?: string;
      } | null;
      tried: number;
    };
    if (!v.found) return `no key in the space makes this token (${v.tried} tried)`;
    return [
      v.found.seed !== undefined
        ? `seed: ${v.found.seed}`
        : `wall: ${v.found.wallNs} ns\npid: ${v.found.pid}\nmonotonic: ${v.found.monotonicNs} ns`,
      `key: [${v.found.key.join(', ')}]`,
      `tried: ${v.tried}`,
    ].join('\n');
  },
};
