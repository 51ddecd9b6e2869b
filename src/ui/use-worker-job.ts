/**
 * A panel's handle on one kind of worker job: its state (idle, running, done, failed, cancelled)
 * and start, cancel, reset and drop. Every panel goes through this hook instead of catching
 * WorkerStopped, keeping "is this answer still wanted?" flags or its own debounce timers; the
 * lifecycle itself lives in JobRunner (worker-job.ts).
 */
import { startTransition, useEffect, useMemo, useState } from 'react';
import { useLabBusy } from './lab-context';
import {
  JobRunner,
  type JobOptions,
  type JobState,
  type JobTask,
  type Stoppable,
} from './worker-job';

export { shownValue, type JobState } from './worker-job';

export interface WorkerJobOptions extends JobOptions {
  /** Render progress and answers as a transition (charts that are slow to draw). */
  transition?: boolean;
}

export interface WorkerJob<R, P = never> {
  state: JobState<R, P>;
  start: (task: JobTask<R, P>) => void;
  cancel: () => void;
  reset: () => void;
  drop: () => void;
}

export function useWorkerJob<R, P = never>(
  worker: Stoppable,
  options: WorkerJobOptions = {},
): WorkerJob<R, P> {
  const [state, setState] = useState<JobState<R, P>>({ status: 'idle' });
  const [runner] = useState(
    () =>
      new JobRunner<R, P>(
        worker,
        (next, urgent) => {
          if (urgent || !options.transition) setState(next);
          else startTransition(() => setState(next));
        },
        options,
      ),
  );
  useEffect(() => runner.dispose, [runner]);
  useLabBusy(state.status === 'running');
  return useMemo(
    () => ({
      state,
      start: runner.start,
      cancel: runner.cancel,
      reset: runner.reset,
      drop: runner.drop,
    }),
    [state, runner],
  );
}
