/** SHA-512 against SHA-256: measured in this browser's worker, charted, and read by core/speed. */
import { Callout, Verdict } from '../../ui/Callout';
import { Chart, type ChartSeries } from '../../ui/Chart';
import { ChartFrame, type ChartTable } from '../../ui/ChartFrame';
import { Choice } from '../../ui/Choice';
import { JobButtons, JobError, JobProgress } from '../../ui/JobControls';
import { formatBytesCount } from '../../ui/format';
import { useLabAction, useLabChoice } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import { useWorkerJob } from '../../ui/use-worker-job';
import {
  DEFAULT_SPEED_PLAN,
  ENGINE_LABELS,
  SPEED_ALGORITHMS,
  SPEED_ENGINES,
  algorithmLabel,
  formatMBps,
  type SpeedProgress,
  type SpeedResult,
} from './core/speed';
import type { HashesApi } from './hashes.worker';
import { HASHES, SPEED_RUN_CHOICES } from './lab';
import { formatSignificant } from '../../core/number-format';

const ENGINE_COLOURS = {
  teaching: 'var(--warn)',
  noble: 'var(--ok)',
  webcrypto: 'var(--accent)',
} as const;

/** Every algorithm × engine, measured or not, as the table view shows them. */
function speedTable(result: SpeedResult): ChartTable {
  const rows: (string | number)[][] = [];
  for (const algorithm of SPEED_ALGORITHMS) {
    for (const engine of SPEED_ENGINES) {
      const row = result.rows.find((r) => r.algorithm === algorithm && r.engine === engine);
      const missing = result.unavailable.find(
        (u) => u.algorithm === algorithm && u.engine === engine,
      );
      rows.push(
        row
          ? [
              algorithmLabel(algorithm),
              ENGINE_LABELS[engine],
              formatMBps(row.median),
              formatMBps(row.min),
              formatMBps(row.max),
              row.samples.length,
            ]
          : [algorithmLabel(algorithm), ENGINE_LABELS[engine], missing?.reason ?? '—', '—', '—', 0],
      );
    }
  }
  return {
    columns: ['Algorithm', 'Engine', 'Median MB/s', 'Slowest run MB/s', 'Fastest run MB/s', 'Runs'],
    rows,
  };
}

/** One group of bars per algorithm, one bar per engine; the whiskers reach the slowest and the fastest run. */
function speedSeries(result: SpeedResult): ChartSeries[] {
  return SPEED_ENGINES.map((engine) => {
    const rows = SPEED_ALGORITHMS.map((algorithm) =>
      result.rows.find((r) => r.algorithm === algorithm && r.engine === engine),
    );
    return {
      kind: 'bar',
      name: ENGINE_LABELS[engine],
      color: ENGINE_COLOURS[engine],
      values: rows.map((row) => row?.median ?? null),
      whiskers: rows.map((row) => (row ? ([row.min, row.max] as [number, number]) : null)),
    };
  });
}

const formatTick = (value: number) => formatSignificant(value, 3);

export function SpeedSection() {
  const [runs, setRuns] = useLabChoice(HASHES, 'speedRuns');
  // Its own worker: hashing typed input or a file never shares a thread with a measurement.
  const worker = useWorker<HashesApi>(
    () => new Worker(new URL('./hashes.worker.ts', import.meta.url), { type: 'module' }),
  );

  // A new measurement terminates one in flight: two would share the worker and slow each other.
  const job = useWorkerJob<SpeedResult, SpeedProgress>(worker, {
    stopOnRestart: true,
    transition: true,
  });
  const run = job.state;

  const start = () =>
    job.start((progress) =>
      worker.call('hash-speed', { ...DEFAULT_SPEED_PLAN, runs: Number(runs) }, progress),
    );
  // The step's proof, the verdict, is brought into view by the shell once the measurement is done.
  useLabAction(HASHES, 'measure-speed', start);

  const result = run.status === 'done' ? run.value : null;
  const verdict = result?.verdict;

  return (
    <section className="card" aria-labelledby="speed-heading">
      <h2 id="speed-heading">SHA-512 or SHA-256: which is faster here?</h2>
      <p>
        The talk: SHA-512 can be slow on 32-bit machines, and SHA-256 is similarly secure. Measure
        it in this browser. The teaching engines from the length-extension lab use 32-bit
        arithmetic, as a 32-bit CPU does, so each of SHA-512’s 64-bit words is a pair of 32-bit
        halves; @noble/hashes is a tuned JavaScript library (also 32-bit halves); Web Crypto is the
        browser’s native code. Each hashes a {formatBytesCount(DEFAULT_SPEED_PLAN.bufferBytes)}{' '}
        buffer again and again for at least {DEFAULT_SPEED_PLAN.minRunMs} ms per run, in a worker,
        after one warm-up run.
      </p>
      <div className="row">
        <Choice
          label="Runs per engine"
          value={runs}
          onChange={setRuns}
          options={SPEED_RUN_CHOICES.map((value) => ({ value, label: value }))}
        />
        <JobButtons
          job={job}
          label="Measure hashing speed"
          cancelLabel="Stop measuring"
          onStart={() => start()}
        />
      </div>
      <JobProgress
        state={run}
        label="Measuring hashing speed"
        show={(progress) => ({
          value: progress?.done ?? 0,
          max: progress?.total ?? 1,
          detail: progress
            ? `${progress.done} of ${progress.total} runs; last: ${algorithmLabel(progress.algorithm)} with ${ENGINE_LABELS[progress.engine]}${progress.warmUp ? ' (warm-up)' : ''}`
            : 'starting',
        })}
      />
      {run.status === 'cancelled' && <p className="field__hint">Stopped; nothing was kept.</p>}
      <JobError state={run} />
      {result && verdict && (
        <>
          <div aria-live="polite" className="stack" id="speed-verdict">
            <h3>What the measurement says</h3>
            <p>
              {verdict.claimHolds !== null && (
                <>
                  <Verdict
                    ok={verdict.claimHolds}
                    yes="Claim holds"
                    no="Claim does not show"
                  />{' '}
                </>
              )}
              {verdict.sentences[0]}
            </p>
            {verdict.sentences.slice(1).map((sentence) => (
              <p key={sentence}>{sentence}</p>
            ))}
          </div>
          <ChartFrame
            title="Hashing speed by algorithm and engine"
            caption={`Median MB/s (10⁶ bytes per second) of ${result.plan.runs} runs per engine, log scale; whiskers reach the slowest and the fastest run.`}
            table={speedTable(result)}
            exportName="hash-speed"
            json={result}
          >
            <Chart
              categories={SPEED_ALGORITHMS.map(algorithmLabel)}
              y={{
                label: 'MB/s',
                scale: 'log',
                format: formatTick,
                valueFormat: (v) => `${formatMBps(v)} MB/s`,
              }}
              series={speedSeries(result)}
            />
          </ChartFrame>
          <Callout tone="note" title="Speed is not safety">
            Both are secure choices today, and the faster one here is not the safer one. Neither is
            for signing with a secret as a bare hash (length extension, next lab): use HMAC.
          </Callout>
        </>
      )}
    </section>
  );
}
