/** Running the battery: the time limit, Run and Cancel, the phase in progress, and how a run ended. */
import type { Result } from '../../core/result';
import { Callout } from '../../ui/Callout';
import { TextField } from '../../ui/Field';
import { JobButtons } from '../../ui/JobControls';
import { formatBytesCount } from '../../ui/format';
import { ProgressBar } from '../../ui/ProgressBar';
import { PythonOffline } from '../../ui/PythonOffline';
import type { Phase } from './core/battery';
import { ATTACK_IDS, ATTACK_TITLES } from './core/report';
import type { RunState } from './run-state';
import type { RunOutcome } from './sandbox-client';
import { TimingChart } from './TimingChart';

const PHASE_ORDER: readonly (Phase | 'compile' | 'python' | 'load')[] = [
  'compile',
  'python',
  'load',
  'check',
  ...ATTACK_IDS,
];
const PHASE_LABELS: Record<string, string> = {
  start: 'starting the sandbox',
  compile: 'compiling',
  python: 'starting Python (CPython in the sandbox)',
  load: 'loading your module',
  check: 'checking that verify accepts genuine tags',
  ...Object.fromEntries(ATTACK_IDS.map((id) => [id, ATTACK_TITLES[id].toLowerCase()])),
};

export function RunSection({
  run,
  unavailable,
  python,
  waitReason,
  limitText,
  onLimitText,
  limit,
  onRun,
  onCancel,
}: {
  run: RunState;
  /** Why code cannot run here (a page opened from a file), or null. */
  unavailable: string | null;
  /** The module is Python: the section offers to keep Python for offline use. */
  python: boolean;
  /** Why a run must wait for now (Python on the first visit), or null. */
  waitReason: string | null;
  limitText: string;
  onLimitText: (text: string) => void;
  limit: Result<number>;
  onRun: () => void;
  onCancel: () => void;
}) {
  const running = run.state === 'running';
  const outcome = run.state === 'finished' ? run.outcome : null;
  const phaseIndex =
    run.state === 'running' ? Math.max(0, PHASE_ORDER.indexOf(run.phase as Phase)) : 0;
  return (
    <section className="card" aria-labelledby="code-run-heading">
      <h2 id="code-run-heading">Run the attacks</h2>
      {unavailable ? (
        <Callout tone="warning" title="Running code needs a served page">
          {unavailable}
        </Callout>
      ) : (
        <div className="stack">
          <div className="row code-controls">
            <TextField
              label="Time limit per phase (seconds)"
              value={limitText}
              onChange={onLimitText}
              type="number"
              error={limit.ok ? null : limit.error.message}
              hint="Each phase (loading your module, each attack) gets this long; then the sandbox is stopped."
            />
            <div className="row code-buttons">
              <JobButtons
                job={{ running, cancel: onCancel }}
                label="Run attacks"
                cancelLabel="Cancel"
                onStart={onRun}
                disabled={!limit.ok || waitReason !== null}
                describedBy={waitReason ? 'code-run-wait' : undefined}
                primary={false}
              />
            </div>
          </div>
          {waitReason && (
            <p id="code-run-wait" className="field__hint" role="status">
              {waitReason}
            </p>
          )}
          {python && (
            <PythonOffline disabledReason={waitReason} recheck={run.state === 'finished'} />
          )}
          {run.state === 'running' && run.phase === 'start' && run.python && (
            <ProgressBar
              label="Loading Python"
              value={run.python.loaded}
              max={run.python.total}
              detail={`${formatBytesCount(run.python.loaded)} of ${formatBytesCount(run.python.total)} (once per page; the browser caches it)`}
            />
          )}
          {run.state === 'running' && (
            <div aria-live="polite">
              <ProgressBar
                label="Attack battery"
                value={phaseIndex}
                max={PHASE_ORDER.length}
                detail={`${PHASE_LABELS[run.phase] ?? run.phase}…`}
              />
              {run.phase === 'timing' && run.timing && (
                <TimingChart
                  title="Measuring verify (live)"
                  unit={run.timing.unit}
                  leak={null}
                  summary={run.timing.positions.map((position, i) => ({
                    position,
                    median: run.timing!.medians[i] ?? 0,
                    q1: run.timing!.medians[i] ?? 0,
                    q3: run.timing!.medians[i] ?? 0,
                    samples: run.timing!.rounds,
                  }))}
                />
              )}
            </div>
          )}
          {outcome && <OutcomeMessage outcome={outcome} onRunAgain={onRun} />}
        </div>
      )}
    </section>
  );
}

function OutcomeMessage({ outcome, onRunAgain }: { outcome: RunOutcome; onRunAgain: () => void }) {
  switch (outcome.kind) {
    case 'timed-out':
      return (
        <Callout tone="danger" title="Stopped: time limit reached">
          The {PHASE_LABELS[outcome.phase] ?? outcome.phase} phase ran for more than{' '}
          {outcome.limitMs / 1000} s, so the sandbox was terminated. An endless loop (or very slow
          code) in your module is the usual cause. The page was never blocked: your code runs in a
          sandbox of its own.
        </Callout>
      );
    case 'crashed':
      return (
        <Callout tone="danger" title="The sandbox crashed">
          <p>
            The sandbox running your code stopped answering and was shut down: its process crashed,
            most likely because the code used up all the memory it may have (an array or a string
            that grows without end). Only the sandbox was lost; this page and its data are fine.
          </p>
          <button type="button" className="button" onClick={onRunAgain}>
            Run again in a fresh sandbox
          </button>
        </Callout>
      );
    case 'cancelled':
      return <p className="field__hint">Stopped.</p>;
    case 'failed':
      return (
        <p className="field__error" role="alert">
          The sandbox failed: {outcome.message}
        </p>
      );
    case 'finished':
      if (outcome.outcome.status === 'load-error')
        return (
          <p className="field__error" role="alert">
            {outcome.outcome.message}
          </p>
        );
      if (outcome.outcome.status === 'compile-error') return null;
      return outcome.outcome.report.checkProblem ? (
        <Callout tone="warning" title="verify rejects genuine tags">
          {outcome.outcome.report.checkProblem}
        </Callout>
      ) : null;
  }
}
