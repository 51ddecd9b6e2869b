/** What the sandbox saw the code do: the calls it refused and the code's console, capped and counted. */
import { MAX_NOTICES_PER_KIND } from '../../platform/sandbox/protocol';
import { Callout } from '../../ui/Callout';
import type { NoticeCounts } from './battery.worker';
import type { RunState } from './run-state';
import { formatNumber } from '../../core/number-format';

export function SandboxSection({ run }: { run: RunState }) {
  if (run.state === 'idle' || (run.blocked.length === 0 && run.console.length === 0)) return null;
  const outcome = run.state === 'finished' ? run.outcome : null;
  const battery = outcome?.kind === 'finished' ? outcome.outcome : null;
  return (
    <section className="card" aria-labelledby="code-sandbox-heading">
      <h2 id="code-sandbox-heading">Sandbox</h2>
      {run.blocked.length > 0 && (
        <Callout tone="success" title="Network access blocked">
          <ul className="code-blocked" aria-label="Blocked calls">
            {run.blocked.map((call, i) => (
              <li key={i}>
                <code>
                  {call.api}({call.detail ? `'${call.detail}'` : ''})
                </code>{' '}
                was refused: no request was made.
              </li>
            ))}
          </ul>
        </Callout>
      )}
      {run.console.length > 0 && (
        <>
          <h3>Console output of your code</h3>
          <pre className="code-console" aria-label="Console output" tabIndex={0}>
            {run.console
              .map((line) => `${line.level === 'log' ? '' : `[${line.level}] `}${line.text}`)
              .join('\n')}
          </pre>
        </>
      )}
      {battery?.status === 'done' && (
        <NotShown
          counts={battery.notices}
          shown={{ lines: run.console.length, blocked: run.blocked.length }}
        />
      )}
    </section>
  );
}

/** A flood is counted, not shown: how much of what the code printed or tried is not listed. */
function NotShown({
  counts,
  shown,
}: {
  counts: NoticeCounts;
  shown: { lines: number; blocked: number };
}) {
  const lines = Math.max(0, counts.console + counts.error - shown.lines);
  const blocked = Math.max(0, counts.blocked - shown.blocked);
  if (lines === 0 && blocked === 0) return null;
  const parts = [
    lines > 0 ? `${formatNumber(lines)} more lines of output or errors` : null,
    blocked > 0 ? `${formatNumber(blocked)} more refused calls` : null,
  ].filter(Boolean);
  return (
    <p className="field__hint">
      Not shown: {parts.join(' and ')} (each kind is listed up to its first {MAX_NOTICES_PER_KIND},
      then only counted).
    </p>
  );
}
