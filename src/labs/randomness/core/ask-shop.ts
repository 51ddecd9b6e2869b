/**
 * "Ask the shop yourself": a victim shop that keeps running between requests. It hands out 624
 * order numbers once; then, each time the learner asks for a password reset, the learner's guess
 * arrives first and only then does the shop draw the key, with the talk's `random.choice` line,
 * so the comparison is with the key the generator really produced next.
 */
import { fail, ok, type Result } from '../../../core/result';
import { VictimShop, type VictimGenerator } from './clone-scenario';
import { MAX_KEY_LENGTH } from './key-format';
import { cloneFromOutputs } from './mt-clone';
import { MT_N } from './mt19937';
import { formatNumber } from '../../../core/number-format';

export interface ResetOutcome {
  /** 1 for the first reset key this shop made, and so on. */
  number: number;
  guess: string;
  key: string;
  matched: boolean;
  /** How many leading characters of the guess were right. */
  rightPrefix: number;
}

export interface ShopView {
  orderNumbers: number[];
  resets: ResetOutcome[];
}

/** The learner's guess of a key: as many characters as the shop's keys, from its alphabet. */
export function parseKeyGuess(text: string, alphabet: string, length: number): Result<string> {
  if (text.length > 4 * MAX_KEY_LENGTH)
    return fail('guess/too-long', `${formatNumber(text.length)} characters is too long.`);
  const symbols = Array.from(text);
  if (symbols.length === 0) return fail('guess/empty', 'Type the key you expect next.');
  const allowed = new Set(Array.from(alphabet));
  const stray = symbols.find((s) => !allowed.has(s));
  if (stray !== undefined)
    return fail(
      'guess/alphabet',
      `“${stray}” is not in the shop’s alphabet, so no key contains it.`,
    );
  if (symbols.length !== length)
    return fail(
      'guess/length',
      `The shop’s keys are ${length} characters long; this guess is ${symbols.length}.`,
    );
  return ok(text);
}

export class AskShop {
  private readonly shop: VictimShop;
  readonly orderNumbers: number[];
  private readonly resets: ResetOutcome[] = [];

  constructor(
    victim: VictimGenerator,
    private readonly alphabet: string,
    private readonly keyLength: number,
  ) {
    this.shop = new VictimShop({ victim, alphabet, keyLength, adminKeyLength: keyLength });
    this.orderNumbers = this.shop.takeOrders(MT_N);
  }

  /** The guess is taken first; only then is the key drawn. */
  reset(guess: string): ShopView {
    const key = this.shop.makeResetKey();
    const g = Array.from(guess);
    const k = Array.from(key);
    let rightPrefix = 0;
    while (rightPrefix < k.length && g[rightPrefix] === k[rightPrefix]) rightPrefix++;
    this.resets.push({
      number: this.resets.length + 1,
      guess,
      key,
      matched: guess === key,
      rightPrefix,
    });
    return this.view();
  }

  view(): ShopView {
    return { orderNumbers: this.orderNumbers, resets: [...this.resets] };
  }

  get format(): { alphabet: string; keyLength: number } {
    return { alphabet: this.alphabet, keyLength: this.keyLength };
  }
}

/**
 * "Show me": the attack's prediction of the next reset key, from the order numbers alone and the
 * number of keys made since (each one advanced the generator by its choice calls).
 */
export function predictNextReset(
  orderNumbers: readonly number[],
  resetsSoFar: number,
  alphabet: string,
  keyLength: number,
): Result<string> {
  const clone = cloneFromOutputs(orderNumbers);
  if (!clone.ok) return clone;
  const random = clone.value.random.clone();
  for (let i = 0; i < resetsSoFar; i++) random.choiceString(alphabet, keyLength);
  return ok(random.choiceString(alphabet, keyLength));
}
