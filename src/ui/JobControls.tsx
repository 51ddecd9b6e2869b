/**
 * What every worker job shows, written once: a button that starts it (waiting while it runs), a
 * button that cancels it while it runs (the worker is terminated), its progress, and its failure.
 */
import { ProgressBar } from './ProgressBar';
import type { WorkerJob } from './use-worker-job';
import type { JobState } from './worker-job';

export function JobButtons({
  job,
  label,
  cancelLabel,
  onStart,
  disabled = false,
  primary = true,
  describedBy,
}: {
  /** A worker job, or a run of another kind (a sandbox battery) that says whether it is running. */
  job:
    | Pick<WorkerJob<unknown, unknown>, 'state' | 'cancel'>
    | { running: boolean; cancel: () => void };
  label: string;
  cancelLabel: string;
  onStart: () => void;
  /** The inputs do not allow a start (their fields say why). */
  disabled?: boolean;
  primary?: boolean;
  /** The id of the text saying why the start button waits, when it does. */
  describedBy?: string;
}) {
  const running = 'running' in job ? job.running : job.state.status === 'running';
  return (
    <>
      <button
        type="button"
        className={primary ? 'button button--primary' : 'button'}
        onClick={onStart}
        disabled={disabled || running}
        aria-describedby={describedBy}
      >
        {label}
      </button>
      {running && (
        <button type="button" className="button" onClick={job.cancel}>
          {cancelLabel}
        </button>
      )}
    </>
  );
}

/** A failed job's message, where its result would have been. */
export function JobError({
  state,
  explain = (message) => message,
}: {
  state: JobState<unknown, unknown>;
  explain?: (message: string) => string;
}) {
  if (state.status !== 'failed') return null;
  return (
    <p role="alert" className="field__error">
      {explain(state.message)}
    </p>
  );
}

/** A running job's progress bar (nothing once it has stopped); `show` reads the latest update. */
export function JobProgress<P>({
  state,
  label,
  show,
}: {
  state: JobState<unknown, P>;
  label: string;
  show: (progress: P | null) => { value: number; max: number; detail?: string };
}) {
  if (state.status !== 'running') return null;
  return <ProgressBar label={label} {...show(state.progress)} />;
}
