/**
 * The timing attack's measurement against the learner's verify (see timing.ts for how). The calls
 * are timed next to verify, on a clock the harness took before the module loaded; the battery
 * chooses the guesses and the order, and judges the samples. A module can slow down or speed up its
 * own verify, and so change what is measured, but not how it is judged.
 */
import { LE_MESSAGE, LE_PURPOSE } from './attack-signing';
import { signTag } from './learner';
import type { RemoteLearner } from './remote-learner';
import { skipped, type ResultFor } from './report';
import { decodeTag } from './tag-format';
import { measureTiming, type TimingOptions } from './timing';

export async function attackTiming(
  learner: RemoteLearner,
  secret: string,
  options: TimingOptions,
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
    verdict: analysis.leak ? 'fail' : 'pass',
    headline: analysis.leak
      ? `verify takes longer the more leading ${unit}s of the guess are right: an attacker can find the tag one ${unit} at a time.`
      : `No measurable slope: within this clock's resolution, verify took the same time however many leading ${unit}s were right.`,
    notes: analysis.leak
      ? [analysis.reason]
      : [
          analysis.reason,
          'A difference of a few nanoseconds can hide below the clock in one short run and still be found by an attacker with more queries (the timing lab shows how the queries grow with noise): only a constant-time compare is safe by construction.',
        ],
    evidence: measurement,
  };
}
