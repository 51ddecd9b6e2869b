/**
 * What a finished attack teaches, decided here and only displayed by the panel. An attack that
 * gives up against an early-exit compare has not shown the compare is safe: the leak is there, and
 * buried in noise. The queries it would take come from the model the attacker itself uses: telling
 * a difference δ apart under noise σ takes about (z·σ/δ)² samples per candidate (z ≈ 4 for the
 * rank test at the attacker's error rates; Crosby et al. 2009 report the same σ/√n scaling), and
 * each byte has 256 candidates.
 */
import type { AttackScenario } from './scenario';
import { formatNumber } from '../../../core/number-format';

/** Standard deviations of separation the sequential test needs between a right and a wrong byte. */
const Z = 4;

/** Queries to decide one byte among 256 at noise σ and a per-byte difference δ (both ns). */
export function queriesPerByte(sigmaNs: number, deltaNs: number): number {
  if (!(deltaNs > 0)) return Infinity;
  const perCandidate = Math.max(1, Math.ceil(((Z * sigmaNs) / deltaNs) ** 2));
  return 256 * perCandidate;
}

/** 1.6e+11 as "about 10^11" for people, keeping small numbers plain. */
export function orderOfMagnitude(n: number): string {
  if (!Number.isFinite(n)) return 'unboundedly many';
  if (n < 1e6) return formatNumber(Math.round(n));
  const exponent = Math.floor(Math.log10(n));
  return `about 10^${exponent}`;
}

export interface AttackVerdict {
  tone: 'danger' | 'warning' | 'success';
  title: string;
  text: string;
  /** The model's queries for one byte (null for a constant-time server: nothing to find). */
  queriesPerByte: number | null;
}

const FIX =
  'The fix: compare with hmac.compare_digest (Python) or crypto.timingSafeEqual (Node), which always look at every byte.';

export function attackVerdict(
  scenario: Pick<AttackScenario, 'compare' | 'perByteNs' | 'jitterNs' | 'tagBytes'>,
  result: { recovered: boolean; queries: number },
): AttackVerdict {
  if (result.recovered)
    return {
      tone: 'danger',
      title: 'Broken',
      text: `Every byte came from timing alone. ${FIX}`,
      queriesPerByte: queriesPerByte(scenario.jitterNs, scenario.perByteNs),
    };
  if (scenario.compare === 'constant-time')
    return {
      tone: 'success',
      title: 'Holds',
      text: 'The server compares in constant time: no guess took longer than another, so the attacker learnt nothing from the clock, and more queries would not change that.',
      queriesPerByte: null,
    };
  const perByte = queriesPerByte(scenario.jitterNs, scenario.perByteNs);
  const bytes = Math.max(1, scenario.tagBytes - 1);
  // At a thousand queries a second, a patient attacker's rate against one server.
  const years = (perByte * bytes) / 1000 / (365.25 * 24 * 3600);
  return {
    tone: 'warning',
    title: 'Not safe: the leak is buried in noise',
    text: `This server compares with ==, which stops at the first wrong byte, so every right byte still costs ${formatNumber(scenario.perByteNs)} ns more. The attacker gave up after ${formatNumber(result.queries)} queries because the noise here hides that difference, not because it is gone: by the attacker's own model, deciding one byte would take ${orderOfMagnitude(perByte)} queries (${orderOfMagnitude(perByte * bytes)} for the tag; ${years >= 1 ? `${orderOfMagnitude(years)} years` : 'less than a year'} at 1,000 queries a second). Impractical from here, and easy from a machine closer to the server. ${FIX}`,
    queriesPerByte: perByte,
  };
}
