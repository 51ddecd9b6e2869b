/** "Hundreds to millions": queries needed against noise, each point a real run of the attack. */
import { Chart } from '../../ui/Chart';
import { ChartFrame } from '../../ui/ChartFrame';
import { formatDuration } from '../../ui/format';
import { useLabAction } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import { useWorkerJob } from '../../ui/use-worker-job';
import { formatNs } from './core/params';
import { DEFAULT_SWEEP, type SweepPoint } from './core/sweep';
import type { TimingApi } from './timing.worker';
import { TIMING } from './lab';
import { JobButtons, JobError, JobProgress } from '../../ui/JobControls';
import { formatNumber } from '../../core/number-format';

export function SweepSection() {
  const worker = useWorker<TimingApi>(
    () => new Worker(new URL('./timing.worker.ts', import.meta.url), { type: 'module' }),
  );
  /** Progress: the points measured so far, which a stopped sweep keeps on the chart. */
  const job = useWorkerJob<SweepPoint[], SweepPoint[]>(worker, {
    stopOnRestart: true,
    transition: true,
  });
  const run = job.state;
  const start = () =>
    job.start((progress) => {
      let collected: SweepPoint[] = [];
      return worker.call('sweep', { ...DEFAULT_SWEEP, seed: Date.now() >>> 0 }, ({ point }) => {
        collected = [...collected, point];
        progress(collected);
      });
    });
  useLabAction(TIMING, 'sweep', start);
  const points =
    run.status === 'done'
      ? run.value
      : run.status === 'running' || run.status === 'cancelled'
        ? (run.progress ?? [])
        : [];
  const data = points.map((p) => ({ x: Math.max(p.jitterNs, 1), y: p.queries }));
  const total = DEFAULT_SWEEP.jitters.length;
  return (
    <section className="card" aria-labelledby="sweep-heading">
      <h2 id="sweep-heading">How many queries? Hundreds to millions</h2>
      <p>
        The same attack on a {DEFAULT_SWEEP.tagBytes}-byte tag with{' '}
        {formatNs(DEFAULT_SWEEP.perByteNs)} per compared byte, run again at rising network jitter.
        The queries grow with the square of noise over signal, which is why the attack is easy from
        the machine next door and hopeless across the internet for a compare this fast.
      </p>
      <div className="row">
        <JobButtons job={job} label="Run the sweep" cancelLabel="Stop the sweep" onStart={start} />
      </div>
      <JobProgress
        state={run}
        label="Sweep"
        show={() => ({
          value: points.length,
          max: total,
          detail: `${points.length} of ${total} noise levels`,
        })}
      />
      <JobError state={run} />
      {points.length > 0 && (
        <ChartFrame
          id="sweep-chart"
          title="Queries needed against network jitter"
          caption="Each point is one real run of the attack against a simulated server (log scales). Per-byte cost fixed."
          table={{
            columns: ['jitter (σ)', 'noise ÷ signal', 'queries', 'recovered', 'on a real network'],
            rows: points.map((p) => [
              formatNs(p.jitterNs),
              p.ratio,
              p.queries,
              p.recovered ? 'yes' : 'no',
              formatDuration(p.simulatedSeconds * 1000),
            ]),
          }}
          exportName="timing-queries-vs-noise"
          json={points}
        >
          <Chart
            x={{ label: 'network jitter (σ)', scale: 'log', format: formatNs }}
            y={{
              scale: 'log',
              format: (v) => v.toExponential(0),
              valueFormat: (v) => `${formatNumber(v)} queries`,
            }}
            series={[
              {
                kind: 'line',
                name: 'queries (tag recovered)',
                color: 'var(--accent)',
                points: data,
              },
              {
                kind: 'scatter',
                name: 'gave up (not recovered)',
                color: 'var(--bad)',
                shape: 'cross',
                points: data.filter((_, i) => !points[i]!.recovered),
              },
            ]}
          />
        </ChartFrame>
      )}
    </section>
  );
}
