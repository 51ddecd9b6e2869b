/**
 * Numbers written as `toLocaleString('en')` writes them (`1,234,567.891`), without `Intl`.
 *
 * Why not Intl: the first use of `Intl` (or of `toLocaleString`, which uses it) in a page loads
 * ICU's locale data on the main thread: 70–350 ms with the CPU slowed 4× on the bench machine,
 * more than a lab's whole 200 ms budget for opening (README, “Main-thread tasks at 4× CPU
 * slowdown”). Every lab wrote a count in its first screen, so every lab paid it. The output is
 * the same, character for character: `number-format.test.ts` checks it against Intl.
 *
 * How: ICU rounds the shortest decimal that reads back as the double (what `toExponential()`
 * prints), half away from zero; so does this, on the digits of that string.
 */

interface Decimal {
  /** Significant digits, no leading or trailing zeros ('' is zero). */
  digits: string;
  /** The value is 0.digits × 10^point. */
  point: number;
}

function decimalOf(magnitude: number): Decimal {
  if (magnitude === 0) return { digits: '', point: 0 };
  const [mantissa, exponent] = magnitude.toExponential().split('e') as [string, string];
  return trimmed({ digits: mantissa.replace('.', ''), point: Number(exponent) + 1 });
}

function trimmed({ digits, point }: Decimal): Decimal {
  const end = digits.search(/0*$/);
  return { digits: digits.slice(0, end), point: end === 0 ? 0 : point };
}

/** Keeps the first `keep` digits, rounding half away from zero (ICU's default, halfExpand). */
function rounded({ digits, point }: Decimal, keep: number): Decimal {
  if (keep >= digits.length) return { digits, point };
  if (keep < 0) return { digits: '', point: 0 };
  const kept = [...digits.slice(0, keep)].map(Number);
  if (digits.charCodeAt(keep) >= 53 /* '5' */) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === 9) kept[i--] = 0;
    if (i < 0) {
      kept.unshift(1);
      point++;
    } else kept[i]!++;
  }
  return trimmed({ digits: kept.join(''), point });
}

function grouped(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+$)/g, ',');
}

function written(negative: boolean, { digits, point }: Decimal): string {
  const integer = point > 0 ? digits.slice(0, point).padEnd(point, '0') : '0';
  const fraction = point >= 0 ? digits.slice(point) : '0'.repeat(-point) + digits;
  return `${negative ? '-' : ''}${grouped(integer)}${fraction ? `.${fraction}` : ''}`;
}

function special(value: number): string | null {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '-∞';
  return null;
}

const negative = (value: number) => value < 0 || Object.is(value, -0);

/**
 * `value.toLocaleString('en')`, or with `{ maximumFractionDigits }`: digits grouped by commas, at
 * most that many after the point (3 by default), trailing zeros dropped.
 */
export function formatNumber(value: number | bigint, maximumFractionDigits = 3): string {
  if (typeof value === 'bigint')
    return `${value < 0n ? '-' : ''}${grouped((value < 0n ? -value : value).toString())}`;
  const text = special(value);
  if (text !== null) return text;
  const decimal = decimalOf(Math.abs(value));
  return written(negative(value), rounded(decimal, decimal.point + maximumFractionDigits));
}

/**
 * `new Intl.NumberFormat('en', { maximumSignificantDigits: digits }).format(value)`: at most
 * `digits` significant digits, grouped (a chart's tick labels).
 */
export function formatSignificant(value: number, digits: number): string {
  const text = special(value);
  if (text !== null) return text;
  return written(negative(value), rounded(decimalOf(Math.abs(value)), digits));
}
