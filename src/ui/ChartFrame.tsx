/**
 * The frame every chart sits in: a title, a caption, the chart (passed in, so this file does not
 * pull Recharts into the first screen), a table view of the same data for people who would rather
 * read numbers (and for screen readers), and export as PNG, SVG and JSON.
 */
import { memo, startTransition, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

/**
 * Charts are drawn one per task: when several appear at once (a run finishing), each waits for
 * the previous one, so the main thread is never held by all of them together.
 */
const pending: (() => void)[] = [];
let draining = false;
function drawSoon(draw: () => void): () => void {
  pending.push(draw);
  if (!draining) {
    draining = true;
    const next = () => {
      const task = pending.shift();
      if (!task) {
        draining = false;
        return;
      }
      task();
      setTimeout(next, 0);
    };
    setTimeout(next, 0);
  }
  return () => {
    const index = pending.indexOf(draw);
    if (index >= 0) pending.splice(index, 1);
  };
}
import { TableScroll } from './TableScroll';
import { downloadBlob, downloadJson, standaloneSvg, svgToPng } from './download';

export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

interface ChartFrameProps {
  title: string;
  caption?: ReactNode;
  /** The same data as the chart, as a table. */
  table: ChartTable;
  /** Base file name for exports. */
  exportName: string;
  /** Extra data for the JSON export (defaults to the table). */
  json?: unknown;
  height?: number;
  children: ReactNode;
}

export function ChartFrame({
  title,
  caption,
  table,
  exportName,
  json,
  height = 280,
  children,
}: ChartFrameProps) {
  const [showTable, setShowTable] = useState(false);
  const [drawn, setDrawn] = useState(false);
  // A transition: React renders the chart in slices, yielding to input between them.
  useEffect(() => drawSoon(() => startTransition(() => setDrawn(true))), []);
  // What the chart shows is what the table and the export hold; a re-render of the panel for any
  // other reason (a step changing the address, a progress message) leaves the chart as drawn.
  const shows = useMemo(() => JSON.stringify([title, table, json]), [title, table, json]);
  const chartRef = useRef<HTMLDivElement>(null);
  const svg = () =>
    chartRef.current?.querySelector('svg.recharts-surface, svg') as SVGSVGElement | null;

  return (
    <figure className="chart-frame">
      <figcaption>
        <strong className="chart-frame__title">{title}</strong>
        {caption && <div className="chart-frame__caption">{caption}</div>}
      </figcaption>
      <div className="chart-frame__tools" role="group" aria-label={`${title}: view and export`}>
        <button
          type="button"
          className="button button--small"
          aria-pressed={showTable}
          onClick={() => setShowTable((v) => !v)}
        >
          {showTable ? 'Show chart' : 'Show table'}
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={showTable}
          onClick={async () => {
            const element = svg();
            if (!element) return;
            const { width, height: h } = element.getBoundingClientRect();
            downloadBlob(await svgToPng(standaloneSvg(element), width, h), `${exportName}.png`);
          }}
        >
          PNG
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={showTable}
          onClick={() => {
            const element = svg();
            if (element)
              downloadBlob(
                new Blob([standaloneSvg(element)], { type: 'image/svg+xml' }),
                `${exportName}.svg`,
              );
          }}
        >
          SVG
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => downloadJson(json ?? table, `${exportName}.json`)}
        >
          JSON
        </button>
      </div>
      {showTable ? (
        <TableScroll label={`${title} (table)`} className="chart-frame__table">
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <div
          ref={chartRef}
          className="chart-frame__chart"
          style={{ height }}
          role="img"
          aria-label={`${title} (chart; use “Show table” for the numbers)`}
        >
          {drawn ? <Drawn shows={shows}>{children}</Drawn> : null}
        </div>
      )}
    </figure>
  );
}

/** The chart itself, drawn again only when what it shows changes (Recharts renders are costly). */
const Drawn = memo(
  function Drawn({ children }: { shows: string; children: ReactNode }) {
    return children;
  },
  (before, after) => before.shows === after.shows,
);
