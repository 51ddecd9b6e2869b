/** The timing measurement as a chart: median time per call against the length of the correct prefix. */
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartFrame } from '../../ui/ChartFrame';
import type { PositionSummary } from './core/timing';

interface TimingChartProps {
  summary: readonly PositionSummary[];
  unit: 'character' | 'byte';
  leak: boolean | null;
  title?: string;
}

const ns = (value: number) =>
  value >= 1000 ? `${(value / 1000).toFixed(2)} µs` : `${value.toFixed(0)} ns`;

export function TimingChart({
  summary,
  unit,
  leak,
  title = 'Time of verify against the correct prefix',
}: TimingChartProps) {
  const data = summary.map((s) => ({
    position: s.position,
    median: Number(s.median.toFixed(1)),
    band: [Number(s.q1.toFixed(1)), Number(s.q3.toFixed(1))] as [number, number],
  }));
  return (
    <ChartFrame
      title={title}
      caption={`Median nanoseconds per call (line) and the middle half of the samples (band), for guesses whose first k ${unit}s are right.${leak === null ? ' Measuring…' : leak ? ' The line climbs: the compare stops at the first wrong unit.' : ' Flat: the compare takes the same time whatever the guess.'}`}
      table={{
        columns: [
          `Correct ${unit}s`,
          'Median (ns)',
          'Lower quartile (ns)',
          'Upper quartile (ns)',
          'Samples',
        ],
        rows: summary.map((s) => [
          s.position,
          s.median.toFixed(1),
          s.q1.toFixed(1),
          s.q3.toFixed(1),
          s.samples,
        ]),
      }}
      exportName="code-lab-timing"
      json={summary}
      height={260}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="position"
            type="number"
            domain={['dataMin', 'dataMax']}
            tick={{ fill: 'var(--muted)', fontSize: 12 }}
            label={{
              value: `correct leading ${unit}s`,
              position: 'insideBottom',
              offset: -8,
              fill: 'var(--muted)',
              fontSize: 12,
            }}
          />
          <YAxis
            tick={{ fill: 'var(--muted)', fontSize: 12 }}
            domain={['auto', 'auto']}
            tickFormatter={(v: number) => ns(v)}
            width={72}
          />
          <Tooltip
            formatter={(value) =>
              Array.isArray(value)
                ? `${ns(Number(value[0]))} – ${ns(Number(value[1]))}`
                : ns(Number(value))
            }
            labelFormatter={(label) => `${String(label)} correct ${unit}s`}
          />
          <Area
            dataKey="band"
            name="middle half"
            stroke="none"
            fill="var(--accent)"
            fillOpacity={0.18}
            isAnimationActive={false}
          />
          <Line
            dataKey="median"
            name="median"
            stroke={leak ? 'var(--bad)' : 'var(--accent)'}
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
