/**
 * The public part of an instance, readably: each property with its name in words; texts as they
 * are (quoted with escapes when they hold control characters such as a newline), long lists of
 * numbers in a scrolling box; and the whole part as JSON to copy.
 */
import type { ReactNode } from 'react';
import { CopyButton } from '../../ui/CopyButton';
import { formatNumber } from '../../core/number-format';

function words(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A newline, a tab or another invisible character: shown escaped, so every byte can be read. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function Value({ value }: { value: unknown }) {
  if (typeof value === 'string') {
    if (hasControlCharacters(value))
      return (
        <>
          <code className="mono challenge-text">{JSON.stringify(value)}</code>
          <span className="field__hint"> (a JSON string: \n is a newline)</span>
        </>
      );
    if (value.includes('\n') || value.length > 120)
      return <pre className="mono challenge-text">{value}</pre>;
    return <code className="mono challenge-text">{value}</code>;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return <code className="mono">{String(value)}</code>;
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'number'))
      return (
        <>
          <span className="field__hint">{formatNumber(value.length)} numbers: </span>
          <div
            className="mono challenge-numbers"
            tabIndex={0}
            role="group"
            aria-label={`${value.length} numbers`}
          >
            {value.join(' ')}
          </div>
        </>
      );
    return (
      <ol>
        {value.map((item, i) => (
          <li key={i}>
            <Value value={item} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === 'object') return <Properties value={value as Record<string, unknown>} />;
  return null;
}

function Properties({ value }: { value: Record<string, unknown> }) {
  return (
    <dl className="challenge-public">
      {Object.entries(value).map(([key, inner]) => (
        <div key={key}>
          <dt>{words(key)}</dt>
          <dd>
            <Value value={inner} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** `actions`: buttons beside the copy button (a new instance). */
export function PublicView({ value, actions }: { value: unknown; actions?: ReactNode }) {
  const json = JSON.stringify(value, null, 2);
  return (
    <div className="stack">
      <Value value={value} />
      <details>
        <summary>As JSON</summary>
        <pre className="mono challenge-json" aria-label="Instance as JSON">
          {json}
        </pre>
      </details>
      <div className="row">
        <CopyButton value={JSON.stringify(value)} label="Copy the instance (JSON)" />
        {actions}
      </div>
    </div>
  );
}
