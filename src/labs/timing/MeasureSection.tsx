/** Measuring compares for real in this browser: time against the position of the first difference. */
import { useState } from 'react';
import { Callout, Verdict } from '../../ui/Callout';
import { Chart } from '../../ui/Chart';
import { ChartFrame } from '../../ui/ChartFrame';
import { Choice } from '../../ui/Choice';
import { TableScroll } from '../../ui/TableScroll';
import { useLabAction, useLabChoice } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import { useWorkerJob } from '../../ui/use-worker-job';
import {
  LEAK_P,
  METHODS,
  type MeasureMethod,
  type MeasureProgress,
  type MeasureSeries,
} from './core/measure';
import { formatNs } from './core/params';

const formatP = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));
import type { TimingApi } from './timing.worker';
import { TIMING } from './lab';
import { JobButtons, JobError, JobProgress } from '../../ui/JobControls';

const ALL: MeasureMethod[] = ['string-equals', 'early-exit', 'xor-accumulate', 'webcrypto-hmac'];

const labelOf = (id: MeasureMethod) => METHODS.find((m) => m.id === id)!.label;

export function MeasureSection() {
  const [length, setLength] = useLabChoice(TIMING, 'length');
  const [repeats, setRepeats] = useLabChoice(TIMING, 'repeats');
  const worker = useWorker<TimingApi>(
    () => new Worker(new URL('./timing.worker.ts', import.meta.url), { type: 'module' }),
  );
  const job = useWorkerJob<TimingApi['measure']['result'], MeasureProgress>(worker, {
    stopOnRestart: true,
    transition: true,
  });
  const run = job.state;
  const [shown, setShown] = useState<MeasureMethod>('early-exit');

  const start = () => {
    const config = {
      methods: ALL,
      length: Number(length),
      positions: 17,
      samples: 21,
      repeats: Number(repeats),
      seed: Date.now() >>> 0,
    };
    job.start((progress) => worker.call('measure', config, progress));
  };
  useLabAction(TIMING, 'demo', start);
  useLabAction(TIMING, 'measure', start);

  const result = run.status === 'done' ? run.value : null;
  const methodIndex =
    run.status === 'running' && run.progress ? ALL.indexOf(run.progress.method) : 0;
  return (
    <section className="card" aria-labelledby="measure-heading">
      <h2 id="measure-heading">Measure the leak in this browser</h2>
      <p>
        Four ways to compare a tag, each timed in a Web Worker on inputs that first differ at byte
        k, for k from 0 to the end (the last point: the inputs are equal). Each sample times a batch
        of calls and divides, which lifts a few nanoseconds above the timer’s step.
      </p>
      <div className="row">
        <Choice
          label="Input length (bytes)"
          value={length}
          options={TIMING.params.length.choices.map((value) => ({ value, label: value }))}
          onChange={setLength}
        />
        <Choice
          label="Calls per sample"
          value={repeats}
          options={TIMING.params.repeats.choices.map((value) => ({ value, label: value }))}
          onChange={setRepeats}
        />
      </div>
      <div className="row">
        <JobButtons job={job} label="Measure" cancelLabel="Cancel measuring" onStart={start} />
      </div>
      <JobProgress
        state={run}
        label="Measuring"
        show={(progress) => ({
          value: methodIndex * (progress?.total ?? 1) + (progress?.done ?? 0),
          max: ALL.length * (progress?.total ?? 1),
          detail: progress ? labelOf(progress.method) : 'warming up',
        })}
      />
      <JobError state={run} />
      {result && (
        <>
          <p>
            Timer step here: <strong>{formatNs(result.timerStepNs)}</strong> ·{' '}
            {result.isolated ? (
              <Verdict ok yes="cross-origin isolated (the finer timer)" no="" />
            ) : (
              <Verdict ok={false} yes="" no="not cross-origin isolated (coarser timer)" />
            )}
          </p>
          <TableScroll label="Measured compares" id="measure-table">
            <table>
              <caption>What the measurements say</caption>
              <thead>
                <tr>
                  <th scope="col">Compare</th>
                  <th scope="col">Slope</th>
                  <th scope="col">First byte wrong → equal</th>
                  <th scope="col">Verdict</th>
                </tr>
              </thead>
              <tbody>
                {result.series.map((s) => (
                  <tr key={s.method}>
                    <th scope="row">{labelOf(s.method)}</th>
                    <td className="mono">{formatNs(s.slopeNsPerByte)}/byte</td>
                    <td className="mono">{formatNs(s.differenceNs)}</td>
                    <td>
                      <Verdict
                        ok={!s.leaks}
                        yes="no measurable leak"
                        no="leaks: slower the more bytes match"
                      />{' '}
                      <span className="field__hint mono">p = {formatP(s.pSlower)}</span>
                      {(s.slopeNsPerByte < 0 || s.differenceNs < 0) && (
                        <span className="field__hint">
                          {' '}
                          Negative: the equal inputs came out a little faster. Comparing more bytes
                          cannot save time, so that is the machine’s noise, not a leak.
                        </span>
                      )}
                      {s.belowResolution && (
                        <span className="field__hint">
                          {' '}
                          One sample sees {formatNs(s.perSampleDifferenceNs)}, below the timer’s{' '}
                          {formatNs(result.timerStepNs)} step: more calls per sample or longer
                          inputs make it visible.
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <p className="field__hint">
            How the verdict is decided: <strong>leaks</strong> when calls with every byte equal are
            slower than calls with the first byte wrong at p &lt; {LEAK_P} (a one-sided rank test
            over all the samples) and the slope is positive. A slope alone decides nothing: a large
            slope with a large spread (p well above {LEAK_P}) is noise, and a tiny slope measured
            many times over (p far below it) is a leak. “No measurable leak” is what this run could
            see, not a proof of constant time.
          </p>
          <Choice
            label="Chart"
            value={shown}
            options={ALL.map((value) => ({ value, label: labelOf(value) }))}
            onChange={setShown}
          />
          <SeriesCharts series={result.series.find((s) => s.method === shown)!} />
          <Callout tone="note" title="Reading it">
            String <code>===</code> and the early-exit loop get slower the more leading bytes match:
            that is the leak. The XOR loop and Web Crypto’s verify take the same time wherever the
            difference is. Engines compare strings with fast machine code, so its slope is small; an
            attacker makes up for it with more queries.
          </Callout>
        </>
      )}
    </section>
  );
}

function SeriesCharts({ series }: { series: MeasureSeries }) {
  const label = labelOf(series.method);
  const [first, last] = series.histograms;
  const hist = first!.bins.map((bin, i) => ({
    bin: formatNs((bin.from + bin.to) / 2),
    first: bin.count,
    last: last!.bins[i]!.count,
  }));
  return (
    <div className="timing-charts">
      <ChartFrame
        title={`${label}: time against the first differing byte`}
        caption={`Median per call, with the middle half of ${series.points[0]!.n} samples shaded. ${series.length}-byte inputs, ${series.repeats} calls per sample.`}
        table={{
          columns: ['k (first difference)', 'median', 'q1', 'q3', 'p10', 'p90'],
          rows: series.points.map((p) => [
            p.k,
            formatNs(p.median),
            formatNs(p.q1),
            formatNs(p.q3),
            formatNs(p.p10),
            formatNs(p.p90),
          ]),
        }}
        exportName={`timing-${series.method}`}
        json={series}
      >
        <Chart
          x={{ label: 'first differing byte k', integer: true }}
          y={{ format: formatNs }}
          legend={false}
          series={[
            {
              kind: 'band',
              name: 'middle half',
              color: 'var(--accent)',
              points: series.points.map((p) => ({ x: p.k, low: p.q1, high: p.q3 })),
            },
            {
              kind: 'line',
              name: 'median',
              color: 'var(--accent)',
              dot: 2,
              points: series.points.map((p) => ({ x: p.k, y: p.median })),
            },
          ]}
        />
      </ChartFrame>
      <ChartFrame
        title={`${label}: distribution of samples`}
        caption={`First byte wrong (k = ${first!.k}) against ${last!.k === series.length ? 'equal inputs' : `k = ${last!.k}`}.`}
        table={{
          columns: ['time', `k = ${first!.k}`, `k = ${last!.k}`],
          rows: hist.map((h) => [h.bin, h.first, h.last]),
        }}
        exportName={`timing-${series.method}-histogram`}
        height={220}
      >
        <Chart
          categories={hist.map((h) => h.bin)}
          y={{ integer: true }}
          series={[
            {
              kind: 'bar',
              name: `k = ${first!.k}`,
              color: 'var(--muted)',
              values: hist.map((h) => h.first),
            },
            {
              kind: 'bar',
              name: last!.k === series.length ? 'equal' : `k = ${last!.k}`,
              color: 'var(--accent)',
              values: hist.map((h) => h.last),
            },
          ]}
        />
      </ChartFrame>
    </div>
  );
}
