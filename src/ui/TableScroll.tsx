/**
 * A wide table's horizontal scroller. It can take keyboard focus (so keyboard users can scroll it)
 * and is named after the table, as screen readers announce it as a region.
 */
import type { ReactNode } from 'react';

export function TableScroll({
  label,
  children,
  className,
  id,
}: {
  label: string;
  children: ReactNode;
  className?: string;
  /** For a guided step that brings the table into view. */
  id?: string;
}) {
  return (
    <div
      id={id}
      className={`table-scroll${className ? ` ${className}` : ''}`}
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      {children}
    </div>
  );
}
