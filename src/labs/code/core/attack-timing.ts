/**
 * The timing attack's measurement against the learner's verify (see timing.ts for how). The calls
 * are timed next to verify, on a clock the harness took before the module loaded; the battery
 * chooses the guesses and the order, and judges the samples. A module can slow down or speed up its
 * own verify, and so change what is measured, but not how it is judged.
 */
import { LE_MESSAGE, LE_PURPOSE } from './attack-signing';
import type { CompareKind } from './compare-scan';
import { signTag } from './learner';
import type { RemoteLearner } from './remote-learner';
import { skipped, type ResultFor } from './report';
import { decodeTag } from './tag-format';
import { measureTiming, type TimingOptions } from './timing';

export async function attackTiming(
  learner: RemoteLearner,
  secret: string,
  options: TimingOptions,
  /** What verify's source shows about its compare (compare-scan.ts); unknown when not given. */
  compare: CompareKind = { kind: 'unknown' },
): Promise<ResultFor<'timing'>> {
  if (!learner.exports.sign || !learner.exports.verify)
    return skipped('timing', 'Timing needs both sign (for a genuine tag) and verify.');
  const tag = await signTag(learner, secret, LE_MESSAGE, LE_PURPOSE);
  if (tag.length < 2)
    return skipped('timing', 'The tag is shorter than two units: there is no prefix to grow.');
  const measurement = await measureTiming(
    tag,
    decodeTag(tag)?.format ?? null,
    {
      start: (guesses, minBatchMs) =>
        learner.startTiming({
          secret,
          message: LE_MESSAGE,
          purpose: LE_PURPOSE,
          guesses,
          minBatchMs,
        }),
      sample: (visits, batchSize) => learner.sampleTiming(visits, batchSize),
    },
    options,
  );
  const { analysis } = measurement;
  const unit = measurement.unit === 'character' ? 'character' : 'byte';
  return {
    id: 'timing',
    ...timingVerdict(analysis.leak, analysis.reason, unit, compare),
    evidence: measurement,
  };
}

const MORE_QUERIES =
  'A difference of a few nanoseconds can hide below the clock in one short run and still be found by an attacker with more queries (the timing lab shows how the queries grow with the square of the noise): only a compare that is constant time by construction is safe.';

/**
 * The verdict from the measurement and the source together. No slope alone is never a pass: it
 * passes only when the source shows a constant-time compare, and an early exit found in the source
 * is named even when the clock could not see it (issue 19: the md5 preset's === was a "Pass").
 */
export function timingVerdict(
  leak: boolean,
  reason: string,
  unit: 'character' | 'byte',
  compare: CompareKind,
): Pick<ResultFor<'timing'>, 'verdict' | 'headline' | 'notes'> {
  const earlyExit =
    compare.kind === 'early-exit'
      ? `verify compares with ${compare.how}${compare.where === 'verify' ? '' : ` (in ${compare.where})`}, which stops at the first ${unit} that differs, so its time depends on how many leading ${unit}s of a guess are right.`
      : null;
  if (leak)
    return {
      verdict: 'fail',
      headline: `verify takes longer the more leading ${unit}s of the guess are right: an attacker can find the tag one ${unit} at a time.`,
      notes: earlyExit ? [reason, `The source shows why: ${earlyExit}`] : [reason],
    };
  switch (compare.kind) {
    case 'constant-time-api':
    case 'accumulate':
      return {
        verdict: 'pass',
        headline: `No measurable slope, and verify's compare is constant time by construction: ${compare.kind === 'accumulate' ? `the XOR of every pair is accumulated${compare.where === 'verify' ? '' : ` in ${compare.where}`} with no early exit` : `it calls ${compare.api ?? 'timingSafeEqual'}${compare.where === 'verify' ? '' : ` (in ${compare.where})`}, which checks the length and then every ${unit}`}.`,
        notes: [reason],
      };
    case 'early-exit':
      return {
        verdict: 'warn',
        headline: `Not measurable here, but not safe: ${earlyExit} This clock could not see the difference in one short run; an attacker with more queries can.`,
        notes: [reason, MORE_QUERIES],
      };
    case 'unknown':
      return {
        verdict: 'unmeasured',
        headline: `No slope within this clock's resolution, which is not a pass: the compare in verify's source could not be identified as constant time.`,
        notes: [reason, MORE_QUERIES],
      };
  }
}
