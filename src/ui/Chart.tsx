/**
 * The app's one chart: lines, shaded bands, scatter points and grouped bars (with whiskers) on
 * linear or log axes, drawn as plain SVG from measured data. It sits in a ChartFrame, which gives
 * it a title, a caption, a table view and the exports; each point and bar carries its numbers as a
 * native tooltip (`<title>`). A few hundred elements at most, so a chart costs a few milliseconds
 * to draw, where a charting library spent hundreds (issue 15).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  extent,
  labelEvery,
  linearTicks,
  logDomain,
  logTicks,
  niceDomain,
  scaleOf,
  type Domain,
} from './chart-scale';

export interface ChartAxis {
  label?: string;
  /** Linear (the default) or log (for values spanning decades). */
  scale?: 'linear' | 'log';
  /** Fixed ends; otherwise from the data (widened to nice ticks on a linear y axis). */
  domain?: Domain;
  format?: (value: number) => string;
  /** Formats a value in a tooltip (default: `format`), when ticks want fewer digits. */
  valueFormat?: (value: number) => string;
  /** Whole-number ticks only (counts, positions). */
  integer?: boolean;
}

export type ChartSeries =
  | {
      kind: 'line';
      name: string;
      color: string;
      points: readonly { x: number; y: number }[];
      dashed?: boolean;
      /** Radius of the dot at each point (default 2.5; 0 for none). */
      dot?: number;
    }
  | {
      kind: 'band';
      name: string;
      color: string;
      points: readonly { x: number; low: number; high: number }[];
    }
  | {
      kind: 'scatter';
      name: string;
      color: string;
      /** `size`: a relative weight (the dot's area grows with it). */
      points: readonly { x: number; y: number; size?: number }[];
      shape?: 'circle' | 'cross' | 'diamond';
    }
  | {
      kind: 'bar';
      name: string;
      color: string;
      /** One value per category (null: not measured). */
      values: readonly (number | null)[];
      /** The low and high end of a whisker per category (a spread around the bar). */
      whiskers?: readonly ([number, number] | null)[];
    };

export interface ChartProps {
  /** The categories along x of a bar chart; without them, x is a number axis. */
  categories?: readonly string[];
  x?: ChartAxis;
  y: ChartAxis;
  series: readonly ChartSeries[];
  /** Horizontal reference lines (a threshold). */
  references?: readonly { y: number; color: string; label?: string }[];
  /** A legend under the plot (default: when there is more than one series). */
  legend?: boolean;
}

const FONT_PX = 12;
const CHAR_PX = 7;
const TICK_PX = 5;
const plain = (v: number) => String(v);

export function Chart(props: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  // The size comes from a ResizeObserver, which reports it once the page has been laid out
  // anyway: reading clientWidth here would force a layout of the whole page in this task.
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const width = Math.round(entry.contentRect.width);
      const height = Math.round(entry.contentRect.height);
      setSize((old) =>
        old && old.width === width && old.height === height ? old : { width, height },
      );
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={host} className="chart">
      {size && size.width > 0 && size.height > 0 && (
        <ChartSvg {...props} width={size.width} height={size.height} />
      )}
    </div>
  );
}

function ChartSvg({
  categories,
  x = {},
  y,
  series,
  references = [],
  legend = series.length > 1,
  width,
  height,
}: ChartProps & { width: number; height: number }) {
  const formatX = x.format ?? plain;
  const formatY = y.format ?? plain;
  const valueX = x.valueFormat ?? formatX;
  const valueY = y.valueFormat ?? formatY;

  // y: from the data (and the reference lines), unless fixed.
  const yValues: number[] = references.map((r) => r.y);
  for (const s of series) {
    if (s.kind === 'bar') {
      for (const v of s.values) if (v !== null) yValues.push(v);
      for (const w of s.whiskers ?? []) if (w) yValues.push(w[0], w[1]);
    } else if (s.kind === 'band') for (const p of s.points) yValues.push(p.low, p.high);
    else for (const p of s.points) yValues.push(p.y);
  }
  const yLog = y.scale === 'log';
  const yExtent = extent(yLog ? yValues.filter((v) => v > 0) : yValues) ?? [0, 1];
  const bars = series.some((s) => s.kind === 'bar');
  const yDomain: Domain =
    y.domain ??
    (yLog
      ? logDomain(yExtent)
      : niceDomain(bars ? [Math.min(0, yExtent[0]), Math.max(0, yExtent[1])] : yExtent));

  // The legend's rows, laid out before the plot so the plot knows its height.
  const legendItems = legend ? series.map((s) => ({ series: s, width: swatchWidth(s.name) })) : [];
  const legendRows = layoutLegend(legendItems, width - 16);

  const yTickValues = yLog
    ? logTicks(yDomain)
    : linearTicks(yDomain, Math.max(2, Math.floor(height / 50))).filter(
        (v) => !y.integer || Number.isInteger(v),
      );
  const yTickLabels = yTickValues.map(formatY);
  const left =
    8 +
    (y.label ? FONT_PX + 6 : 0) +
    Math.max(...yTickLabels.map((t) => t.length), 1) * CHAR_PX +
    TICK_PX;
  // x: a number axis' domain first, so the last tick's label gets room on the right.
  const xLog = x.scale === 'log';
  let xDomain: Domain = [0, 1];
  if (!categories) {
    const xValues: number[] = [];
    for (const s of series) if (s.kind !== 'bar') for (const p of s.points) xValues.push(p.x);
    const xExtent = extent(xLog ? xValues.filter((v) => v > 0) : xValues) ?? [0, 1];
    xDomain =
      x.domain ??
      (xLog ? logDomain(xExtent) : xExtent[0] === xExtent[1] ? niceDomain(xExtent) : xExtent);
  }
  const right = categories ? 16 : Math.max(16, (formatX(xDomain[1]).length * CHAR_PX) / 2 + 4);
  const top = 10;
  const bottom = 8 + FONT_PX + TICK_PX + (x.label ? FONT_PX + 8 : 0) + legendRows.length * 20;
  const plot = { left, top, right: width - right, bottom: height - bottom };
  if (plot.right - plot.left < 20 || plot.bottom - plot.top < 20) return null;
  const toY = scaleOf(yLog ? 'log' : 'linear', yDomain, [plot.bottom, plot.top]);

  // x: categories in bands, or numbers.
  let toX: (v: number) => number;
  let xTicks: { at: number; label: string }[];
  let band = 0;
  if (categories) {
    band = (plot.right - plot.left) / Math.max(1, categories.length);
    toX = (i) => plot.left + band * (i + 0.5);
    const every = labelEvery(Math.max(...categories.map((c) => c.length), 1), band, CHAR_PX);
    xTicks = categories
      .map((label, i) => ({ at: toX(i), label }))
      .filter((_, i) => i % every === 0);
  } else {
    toX = scaleOf(xLog ? 'log' : 'linear', xDomain, [plot.left, plot.right]);
    const values = xLog
      ? logTicks(xDomain)
      : linearTicks(xDomain, Math.max(2, Math.floor((plot.right - plot.left) / 70))).filter(
          (v) => !x.integer || Number.isInteger(v),
        );
    xTicks = thin(values.map((v) => ({ at: toX(v), label: formatX(v) })));
  }

  const shapes: ReactNode[] = [];
  // Scatter dots are sized against the heaviest point of any series.
  let largest = 1;
  for (const s of series)
    if (s.kind === 'scatter') for (const p of s.points) largest = Math.max(largest, p.size ?? 1);
  const barSeries = series.filter((s) => s.kind === 'bar');
  const group = band * 0.8;
  const barWidth = barSeries.length > 0 ? group / barSeries.length : 0;
  const base = yLog ? plot.bottom : toY(Math.max(yDomain[0], Math.min(0, yDomain[1])));
  series.forEach((s, index) => {
    const key = `${index}-${s.name}`;
    switch (s.kind) {
      case 'band': {
        if (s.points.length === 0) break;
        const upper = s.points.map((p) => `${toX(p.x)},${toY(p.high)}`);
        const lower = s.points.map((p) => `${toX(p.x)},${toY(p.low)}`).reverse();
        shapes.push(
          <polygon
            key={key}
            points={[...upper, ...lower].join(' ')}
            style={{ fill: s.color, fillOpacity: 0.2 }}
          />,
        );
        break;
      }
      case 'line': {
        const dot = s.dot ?? 2.5;
        shapes.push(
          <g key={key}>
            <polyline
              points={s.points.map((p) => `${toX(p.x)},${toY(p.y)}`).join(' ')}
              style={{ fill: 'none', stroke: s.color, strokeWidth: 2 }}
              strokeDasharray={s.dashed ? '5 3' : undefined}
            />
            {dot > 0 &&
              s.points.map((p, i) => (
                <circle key={i} cx={toX(p.x)} cy={toY(p.y)} r={dot} style={{ fill: s.color }}>
                  <title>{`${s.name}: ${valueY(p.y)} at ${valueX(p.x)}`}</title>
                </circle>
              ))}
          </g>,
        );
        break;
      }
      case 'scatter': {
        shapes.push(
          <g key={key} style={{ fill: s.color, stroke: s.color }}>
            {s.points.map((p, i) => {
              // Area in proportion to the weight, between about 3 and 6 px of radius.
              const r = 3 + 3 * Math.sqrt((p.size ?? 1) / largest);
              return (
                <Marker key={i} shape={s.shape ?? 'circle'} x={toX(p.x)} y={toY(p.y)} r={r}>
                  <title>{`${s.name}: ${valueY(p.y)} at ${valueX(p.x)}${p.size !== undefined ? ` (${p.size})` : ''}`}</title>
                </Marker>
              );
            })}
          </g>,
        );
        break;
      }
      case 'bar': {
        const slot = barSeries.indexOf(s);
        shapes.push(
          <g key={key}>
            {s.values.map((v, i) => {
              if (v === null || !categories) return null;
              const x0 = toX(i) - group / 2 + slot * barWidth;
              const y0 = toY(v);
              const whisker = s.whiskers?.[i];
              return (
                <g key={i}>
                  <rect
                    x={x0 + 1}
                    y={Math.min(y0, base)}
                    width={Math.max(1, barWidth - 2)}
                    height={Math.abs(base - y0)}
                    style={{ fill: s.color }}
                  >
                    <title>{`${categories[i]}, ${s.name}: ${valueY(v)}${whisker ? ` (${valueY(whisker[0])} to ${valueY(whisker[1])})` : ''}`}</title>
                  </rect>
                  {whisker && (
                    <path
                      className="chart__whisker"
                      d={whiskerPath(x0 + barWidth / 2, toY(whisker[0]), toY(whisker[1]))}
                    />
                  )}
                </g>
              );
            })}
          </g>,
        );
        break;
      }
    }
  });

  const legendTop = height - 6 - legendRows.length * 20;
  return (
    <svg className="chart__svg" width={width} height={height} aria-hidden="true">
      <g className="chart__grid">
        {yTickValues.map((v) => (
          <line key={v} x1={plot.left} x2={plot.right} y1={toY(v)} y2={toY(v)} />
        ))}
        {!categories &&
          xTicks.map((t) => <line key={t.at} x1={t.at} x2={t.at} y1={plot.top} y2={plot.bottom} />)}
      </g>
      {shapes}
      {references.map((r) => (
        <line
          key={r.y}
          x1={plot.left}
          x2={plot.right}
          y1={toY(r.y)}
          y2={toY(r.y)}
          strokeDasharray="4 2"
          style={{ stroke: r.color, strokeWidth: 1.5 }}
        >
          {r.label && <title>{r.label}</title>}
        </line>
      ))}
      <g className="chart__axis">
        <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
        <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} />
        {yTickValues.map((v, i) => (
          <g key={v}>
            <line x1={plot.left - TICK_PX} x2={plot.left} y1={toY(v)} y2={toY(v)} />
            <text x={plot.left - TICK_PX - 3} y={toY(v)} dy="0.32em" textAnchor="end">
              {yTickLabels[i]}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <g key={t.at}>
            <line x1={t.at} x2={t.at} y1={plot.bottom} y2={plot.bottom + TICK_PX} />
            <text x={t.at} y={plot.bottom + TICK_PX + 3} dy="0.71em" textAnchor="middle">
              {t.label}
            </text>
          </g>
        ))}
        {x.label && (
          <text
            x={(plot.left + plot.right) / 2}
            y={plot.bottom + TICK_PX + FONT_PX + 8}
            dy="0.71em"
            textAnchor="middle"
          >
            {x.label}
          </text>
        )}
        {y.label && (
          <text
            transform={`translate(${8 + FONT_PX / 2},${(plot.top + plot.bottom) / 2}) rotate(-90)`}
            dy="0.32em"
            textAnchor="middle"
          >
            {y.label}
          </text>
        )}
      </g>
      {legendRows.map((row, r) => {
        const rowWidth = row.reduce((sum, item) => sum + item.width, 0);
        let at = (width - rowWidth) / 2;
        return (
          <g key={r} className="chart__legend">
            {row.map(({ series: s, width: w }) => {
              const x0 = at;
              at += w;
              const y0 = legendTop + r * 20 + 10;
              return (
                <g key={s.name}>
                  <LegendSwatch series={s} x={x0} y={y0} />
                  <text x={x0 + 18} y={y0} dy="0.32em">
                    {s.name}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

function Marker({
  shape,
  x,
  y,
  r,
  children,
}: {
  shape: 'circle' | 'cross' | 'diamond';
  x: number;
  y: number;
  r: number;
  children: ReactNode;
}) {
  if (shape === 'circle')
    return (
      <circle cx={x} cy={y} r={r} fillOpacity={0.75}>
        {children}
      </circle>
    );
  if (shape === 'diamond')
    return (
      <path d={`M${x},${y - r * 1.3}L${x + r},${y}L${x},${y + r * 1.3}L${x - r},${y}Z`}>
        {children}
      </path>
    );
  return (
    <path
      d={`M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`}
      strokeWidth={2}
    >
      {children}
    </path>
  );
}

function LegendSwatch({ series, x, y }: { series: ChartSeries; x: number; y: number }) {
  const style = { fill: series.color, stroke: series.color };
  switch (series.kind) {
    case 'line':
      return (
        <line
          x1={x}
          x2={x + 14}
          y1={y}
          y2={y}
          strokeDasharray={series.dashed ? '5 3' : undefined}
          style={{ stroke: series.color, strokeWidth: 2 }}
        />
      );
    case 'band':
      return <rect x={x} y={y - 5} width={14} height={10} style={{ ...style, fillOpacity: 0.2 }} />;
    case 'scatter':
      return (
        <g style={style}>
          <Marker shape={series.shape ?? 'circle'} x={x + 7} y={y} r={4}>
            {null}
          </Marker>
        </g>
      );
    case 'bar':
      return <rect x={x} y={y - 5} width={14} height={10} style={style} />;
  }
}

function whiskerPath(x: number, low: number, high: number): string {
  return `M${x},${low}V${high}M${x - 3},${low}H${x + 3}M${x - 3},${high}H${x + 3}`;
}

function swatchWidth(name: string): number {
  return 18 + name.length * CHAR_PX + 16;
}

function layoutLegend<T extends { width: number }>(items: T[], room: number): T[][] {
  const rows: T[][] = [];
  let row: T[] = [];
  let used = 0;
  for (const item of items) {
    if (row.length > 0 && used + item.width > room) {
      rows.push(row);
      row = [];
      used = 0;
    }
    row.push(item);
    used += item.width;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Drops tick labels that would touch their neighbour (long formatted numbers on a narrow axis). */
function thin(ticks: { at: number; label: string }[]): { at: number; label: string }[] {
  const kept: { at: number; label: string }[] = [];
  let end = -Infinity;
  for (const tick of ticks) {
    const half = (tick.label.length * CHAR_PX) / 2;
    if (tick.at - half < end + 6) continue;
    kept.push(tick);
    end = tick.at + half;
  }
  return kept;
}
