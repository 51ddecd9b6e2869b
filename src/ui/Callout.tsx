import type { ReactNode } from 'react';

/** A short, boxed statement. `tone` adds a word as well as a colour, so colour is never the only signal. */
export function Callout({
  tone = 'note',
  title,
  children,
}: {
  tone?: 'note' | 'warning' | 'success' | 'danger';
  title?: string;
  children: ReactNode;
}) {
  const word = { note: 'Note', warning: 'Careful', success: 'Holds', danger: 'Broken' }[tone];
  return (
    <aside className={`callout callout--${tone}`}>
      <strong className="callout__title">{title ?? word}</strong>
      <div>{children}</div>
    </aside>
  );
}

/** A pass/fail badge with a symbol and a word. */
export function Verdict({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return (
    <span className={`verdict verdict--${ok ? 'ok' : 'bad'}`}>{ok ? `✓ ${yes}` : `✗ ${no}`}</span>
  );
}
