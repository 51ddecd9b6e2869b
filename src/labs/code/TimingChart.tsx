/** The timing measurement as a chart: median time per call against the length of the correct prefix. */
import { Chart } from '../../ui/Chart';
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
      <Chart
        x={{ label: `correct leading ${unit}s`, integer: true }}
        y={{ format: ns }}
        legend={false}
        series={[
          {
            kind: 'band',
            name: 'middle half',
            color: 'var(--accent)',
            points: summary.map((s) => ({ x: s.position, low: s.q1, high: s.q3 })),
          },
          {
            kind: 'line',
            name: 'median',
            color: leak ? 'var(--bad)' : 'var(--accent)',
            dot: 3,
            points: summary.map((s) => ({ x: s.position, y: s.median })),
          },
        ]}
      />
    </ChartFrame>
  );
}
