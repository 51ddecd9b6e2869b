/**
 * The clone demonstration, played for real: a victim web shop seeded with OS entropy (as
 * `random.seed()` does) makes an admin key at start-up, hands out 624 order numbers with
 * `getrandbits(32)`, then makes a password-reset key with the talk's `random.choice` line. The
 * attacker sees only the order numbers. With the fix (`secrets`, i.e. the OS generator), the same
 * attack runs and its predictions are wrong.
 */
import { MT_N } from './mt19937';
import {
  cloneFromOutputs,
  keyEndingAt,
  predictAfter,
  recoverEarlierOutputs,
  untemperSteps,
  type UntemperSteps,
} from './mt-clone';
import { PythonRandom } from './python-random';

export interface VictimRun {
  /** Made at start-up, before any order number (the attacker never sees it). */
  adminKey: string;
  /** The order numbers the attacker collects. */
  orderNumbers: number[];
  /** Made after the orders, with `''.join(random.choice(alphabet) for i in range(length))`. */
  resetKey: string;
  /** The order numbers handed out after the reset key. */
  laterOrders: number[];
}

/** What the victim draws from: `random` (MT19937) or `secrets` (the operating system's CSPRNG). */
export interface VictimGenerator {
  nextUint32(): number;
  choiceString(alphabet: string, length: number): string;
}

export type VictimKind = 'random' | 'secrets';

/** CPython's `random` module, seeded by `random.seed()` from 624 words of OS entropy. */
export function pythonRandomVictim(seedWords: ArrayLike<number>): VictimGenerator {
  return PythonRandom.fromSeedWords(seedWords);
}

/**
 * `secrets` (random.SystemRandom): every call reads fresh bytes from the OS. getrandbits(k) is
 * int.from_bytes(urandom(ceil(k / 8))) >> extra bits; choice uses the same rejection sampling.
 */
export function secretsVictim(randomBytes: (n: number) => Uint8Array): VictimGenerator {
  const getrandbits = (k: number) => {
    const bytes = randomBytes(Math.ceil(k / 8));
    let value = 0;
    for (const b of bytes) value = value * 256 + b;
    return Math.floor(value / 2 ** (bytes.length * 8 - k));
  };
  return {
    nextUint32: () => getrandbits(32),
    choiceString(alphabet, length) {
      const symbols = Array.from(alphabet);
      const k = 32 - Math.clz32(symbols.length);
      let out = '';
      for (let i = 0; i < length; i++) {
        let r = getrandbits(k);
        while (r >= symbols.length) r = getrandbits(k);
        out += symbols[r]!;
      }
      return out;
    },
  };
}

export interface CloneScenarioOptions {
  victim: VictimGenerator;
  alphabet: string;
  keyLength: number;
  adminKeyLength: number;
}

/** The victim, step by step, so the attack below runs before the reset key exists. */
export class VictimShop {
  readonly adminKey: string;

  constructor(private readonly options: CloneScenarioOptions) {
    this.adminKey = options.victim.choiceString(options.alphabet, options.adminKeyLength);
  }

  takeOrders(count: number): number[] {
    return Array.from({ length: count }, () => this.options.victim.nextUint32());
  }

  makeResetKey(): string {
    return this.options.victim.choiceString(this.options.alphabet, this.options.keyLength);
  }
}

export interface AttackResult {
  untempered: UntemperSteps[];
  /** The first recovered state words. */
  stateWords: number[];
  predictedResetKey: string;
  /** The order numbers predicted to follow the reset key. */
  predictedLaterOrders: number[];
  /** Outputs recovered by running the twist backwards, oldest first. */
  earlierOutputs: number[];
  recoveredAdminKey: string | null;
}

/** The attack: uses only the order numbers (and the victim's known key format). */
export function attackOrderNumbers(
  orderNumbers: readonly number[],
  alphabet: string,
  keyLength: number,
  adminKeyLength: number,
): AttackResult {
  const clone = cloneFromOutputs(orderNumbers);
  if (!clone.ok) throw new Error(clone.error.message);
  const predicted = predictAfter(clone.value, { next: 0, alphabet, length: keyLength });
  const afterKey = clone.value.random.clone();
  afterKey.choiceString(alphabet, keyLength);
  // A choice draw is accepted with probability n / 2^k >= 1/2, so 4x the length is plenty.
  const earlierOutputs = recoverEarlierOutputs(orderNumbers, Math.max(16, adminKeyLength * 4));
  return {
    untempered: orderNumbers.slice(0, 3).map(untemperSteps),
    stateWords: Array.from(clone.value.stateWords.subarray(0, 6)),
    predictedResetKey: predicted.key!,
    predictedLaterOrders: [afterKey.nextUint32(), afterKey.nextUint32(), afterKey.nextUint32()],
    earlierOutputs,
    recoveredAdminKey: keyEndingAt(earlierOutputs, alphabet, adminKeyLength),
  };
}

export interface CloneScenario {
  victim: VictimRun;
  attack: AttackResult;
  resetKeyMatches: boolean;
  laterOrdersMatch: boolean;
  adminKeyMatches: boolean;
  elapsedMs: number;
}

export function playCloneScenario(
  options: CloneScenarioOptions,
  now: () => number = () => 0,
): CloneScenario {
  const shop = new VictimShop(options);
  const orderNumbers = shop.takeOrders(MT_N);
  const start = now();
  const attack = attackOrderNumbers(
    orderNumbers,
    options.alphabet,
    options.keyLength,
    options.adminKeyLength,
  );
  const elapsedMs = now() - start;
  // Only now does the victim make the key the attacker has already predicted.
  const victim: VictimRun = {
    adminKey: shop.adminKey,
    orderNumbers,
    resetKey: shop.makeResetKey(),
    laterOrders: shop.takeOrders(3),
  };
  return {
    victim,
    attack,
    resetKeyMatches: attack.predictedResetKey === victim.resetKey,
    laterOrdersMatch: attack.predictedLaterOrders.every((v, i) => v === victim.laterOrders[i]),
    adminKeyMatches: attack.recoveredAdminKey === victim.adminKey,
    elapsedMs,
  };
}
