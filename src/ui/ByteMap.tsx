/**
 * Bytes as a grid of hex cells, in regions (secret, message, glue padding, appended data...) with
 * block boundaries marked. Each region has a colour, a pattern and a legend label, so colour is
 * never the only signal. Unknown bytes (`null`) print as `??`.
 */
import { Fragment, useMemo, useRef } from 'react';
import { useSidewaysOverflow } from './use-sideways-overflow';

export interface ByteRegion {
  start: number;
  end: number;
  /** One of: secret, message, padding, append, length, diff, neutral (a CSS class each). */
  kind: string;
  label: string;
}

interface ByteMapProps {
  caption: string;
  /** For a guided step that brings the map into view. */
  id?: string;
  bytes: ArrayLike<number | null>;
  regions?: readonly ByteRegion[];
  /** Offsets to mark individually (for example where two inputs differ). */
  marks?: ReadonlySet<number>;
  markLabel?: string;
  /** Draw a boundary every blockSize bytes (64 for MD5/SHA-1/SHA-256, 128 for SHA-512). */
  blockSize?: number;
  rowSize?: number;
  /** Cells beyond this are summarised rather than drawn. */
  limit?: number;
}

const HEX = '0123456789abcdef';

export function ByteMap({
  caption,
  id,
  bytes,
  regions = [],
  marks,
  markLabel = 'differs',
  blockSize,
  rowSize = 16,
  limit = 2048,
}: ByteMapProps) {
  const shown = Math.min(bytes.length, limit);
  const legend = [...new Map(regions.map((r) => [r.kind, r.label])).entries()];
  const grid = useRef<HTMLDivElement>(null);
  const more = useSidewaysOverflow(grid);
  // A map is up to 2048 cells: they are built once per change of what they show, not on every
  // render of the section around them, and each cell's region is looked up once.
  const cells = useMemo(
    () => drawCells(bytes, regions, marks, markLabel, blockSize, rowSize, shown),
    [bytes, regions, marks, markLabel, blockSize, rowSize, shown],
  );
  return (
    <figure className="byte-map" id={id}>
      <figcaption>
        {caption}{' '}
        <span className="byte-map__meta">
          ({bytes.length} bytes
          {blockSize ? `, ${Math.ceil(bytes.length / blockSize)} blocks of ${blockSize}` : ''})
        </span>
      </figcaption>
      {(legend.length > 0 || marks) && (
        <ul className="byte-map__legend" aria-label="Legend">
          {legend.map(([kind, label]) => (
            <li key={kind}>
              <span className={`byte byte--${kind}`} aria-hidden="true">
                ab
              </span>{' '}
              {label}
            </li>
          ))}
          {marks && marks.size > 0 && (
            <li>
              <span className="byte byte--mark" aria-hidden="true">
                ab
              </span>{' '}
              {markLabel} (underlined)
            </li>
          )}
        </ul>
      )}
      {more && (
        <p className="byte-map__sideways" aria-hidden="true">
          Scroll sideways for the rest of each row →
        </p>
      )}
      <div
        ref={grid}
        className="byte-map__grid mono"
        role="img"
        aria-label={`${caption}: ${describe(regions, bytes.length)}`}
      >
        {cells}
      </div>
      {shown < bytes.length && (
        <p className="byte-map__more">… and {bytes.length - shown} more bytes not drawn.</p>
      )}
    </figure>
  );
}

function drawCells(
  bytes: ArrayLike<number | null>,
  regions: readonly ByteRegion[],
  marks: ReadonlySet<number> | undefined,
  markLabel: string,
  blockSize: number | undefined,
  rowSize: number,
  shown: number,
) {
  // The region of each cell, the first region listed winning where two overlap (as a search would).
  const regionOf: (ByteRegion | undefined)[] = new Array<ByteRegion | undefined>(shown);
  for (let r = regions.length - 1; r >= 0; r--) {
    const region = regions[r]!;
    for (let i = Math.max(0, region.start); i < Math.min(region.end, shown); i++)
      regionOf[i] = region;
  }
  const rows: number[] = [];
  for (let i = 0; i < shown; i += rowSize) rows.push(i);
  return rows.map((rowStart) => (
    <Fragment key={rowStart}>
      {blockSize && rowStart > 0 && rowStart % blockSize === 0 && (
        <div className="byte-map__boundary" aria-hidden="true">
          block {rowStart / blockSize}
        </div>
      )}
      <div className="byte-map__row">
        <span className="byte-map__offset">{rowStart.toString(16).padStart(4, '0')}</span>
        {Array.from({ length: Math.min(rowSize, shown - rowStart) }, (_, k) => {
          const i = rowStart + k;
          const b = bytes[i];
          const region = regionOf[i];
          const marked = marks?.has(i);
          return (
            <span
              key={i}
              className={`byte${region ? ` byte--${region.kind}` : ''}${marked ? ' byte--mark' : ''}`}
              title={`offset ${i}${region ? `: ${region.label}` : ''}${marked ? `, ${markLabel}` : ''}`}
            >
              {b === null || b === undefined ? '??' : HEX[b >> 4]! + HEX[b & 15]!}
            </span>
          );
        })}
      </div>
    </Fragment>
  ));
}

function describe(regions: readonly ByteRegion[], total: number): string {
  if (regions.length === 0) return `${total} bytes`;
  return regions.map((r) => `${r.label} bytes ${r.start} to ${r.end - 1}`).join('; ');
}
