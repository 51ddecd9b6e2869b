/** The report card: the verdicts of the run on screen, or those a link carried, marked unverified. */
import type { Result } from '../../core/result';
import { Callout } from '../../ui/Callout';
import { ATTACK_TITLES, type AttackResult } from './core/report';
import type { ReportSummaryEntry } from './core/share';
import { AttackEntry, AttackVerdict } from './ReportCard';
import type { RunState } from './run-state';

export function ReportSection({
  run,
  sharedReport,
}: {
  run: RunState;
  /** The verdicts a link carried (null: none). */
  sharedReport: Result<ReportSummaryEntry[]> | null;
}) {
  const results = run.state === 'idle' ? [] : run.results;
  const finishedReport =
    run.state === 'finished' &&
    run.outcome?.kind === 'finished' &&
    run.outcome.outcome.status === 'done';
  return (
    <section className="card" aria-labelledby="code-report-heading">
      <h2 id="code-report-heading">Report card</h2>
      {results.length > 0 ? (
        <>
          {finishedReport && (
            <p className="code-report__summary" aria-live="polite" id="code-report-summary">
              {reportSummary(results)}
            </p>
          )}
          <ul className="code-report" aria-label="Attacks">
            {results.map((result) => (
              <AttackEntry key={result.id} result={result} />
            ))}
          </ul>
        </>
      ) : sharedReport && run.state === 'idle' ? (
        sharedReport.ok ? (
          <Callout tone="warning" title="Reported by the link, not verified">
            <p>
              These verdicts came with the link you opened: anyone can write them into an address.
              Run the attacks to see what this code really does.
            </p>
            <ul
              className="code-report code-report--compact"
              aria-label="Reported by the link, not verified"
            >
              {sharedReport.value.map((entry) => (
                <li key={entry.id} className="code-report__head">
                  <span>{ATTACK_TITLES[entry.id]}</span> <AttackVerdict verdict={entry.verdict} />
                </li>
              ))}
            </ul>
          </Callout>
        ) : (
          <p className="field__error" role="alert">
            {sharedReport.error.message}
          </p>
        )
      ) : (
        <p className="field__hint">
          {run.state === 'running'
            ? 'The attacks are running…'
            : 'Run the attacks to see how your code holds up.'}
        </p>
      )}
    </section>
  );
}

/** One sentence over the verdicts (the verdicts themselves come from the battery). */
function reportSummary(results: readonly AttackResult[]): string {
  const ran = results.filter((r) => r.verdict !== 'skip').length;
  const failures = results.filter((r) => r.verdict === 'fail').length;
  const doubtful = results.filter((r) => r.verdict === 'warn' || r.verdict === 'unmeasured').length;
  const notRun = results.length - ran;
  const rest = notRun > 0 ? ` ${notRun} could not run (see why below).` : '';
  if (ran === 0) return 'No attack could run: see why below.';
  if (failures === 0 && doubtful > 0)
    return `None of the ${ran} attacks that ran got through, but ${doubtful} ${doubtful === 1 ? 'result is' : 'results are'} not a pass: see ${doubtful === 1 ? 'its warning' : 'their warnings'} below.${rest}`;
  if (failures === 0) return `None of the ${ran} attacks that ran got through.${rest}`;
  return `${failures} of the ${ran} attacks that ran got through.${rest}`;
}
