/**
 * The frame every chart sits in: a title, a caption, the chart (a Chart, passed in), a table view
 * of the same data for people who would rather read numbers (and for screen readers), and export
 * as PNG, SVG and JSON.
 */
import { useRef, useState, type ReactNode } from 'react';
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
  /** For a guided step that brings the chart into view. */
  id?: string;
}

export function ChartFrame({
  title,
  caption,
  table,
  exportName,
  json,
  height = 280,
  children,
  id,
}: ChartFrameProps) {
  const [showTable, setShowTable] = useState(false);
  const chartRef = useRef<HTMLDivElement>(null);
  const svg = () => chartRef.current?.querySelector('svg');

  return (
    <figure className="chart-frame" id={id}>
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
          {children}
        </div>
      )}
    </figure>
  );
}
