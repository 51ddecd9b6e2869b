/** "Hundreds to millions": queries needed against noise, each point a real run of the attack. */
import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  Scatter,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
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
  const data = points.map((p) => ({ ...p, x: Math.max(p.jitterNs, 1) }));
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
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={data} margin={{ left: 12, right: 12 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis
                dataKey="x"
                type="number"
                scale="log"
                domain={['auto', 'auto']}
                tickFormatter={(v) => formatNs(Number(v))}
                tick={{ fill: 'var(--muted)', fontSize: 12 }}
              />
              <YAxis
                dataKey="queries"
                type="number"
                scale="log"
                domain={['auto', 'auto']}
                tickFormatter={(v) => Number(v).toExponential(0)}
                tick={{ fill: 'var(--muted)', fontSize: 12 }}
                width={56}
              />
              <Tooltip
                formatter={(v) => Number(v).toLocaleString('en')}
                labelFormatter={(v) => `jitter ${formatNs(Number(v))}`}
              />
              <Legend />
              <Line
                dataKey="queries"
                name="queries (tag recovered)"
                stroke="var(--accent)"
                strokeWidth={2}
                isAnimationActive={false}
              />
              <Scatter
                data={data.filter((p) => !p.recovered)}
                dataKey="queries"
                name="gave up (not recovered)"
                fill="var(--bad)"
                shape="cross"
                isAnimationActive={false}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </ChartFrame>
      )}
    </section>
  );
}
