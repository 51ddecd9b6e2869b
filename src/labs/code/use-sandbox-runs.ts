/**
 * The sandbox's lifecycle on the page: a fresh sandbox and battery worker for every run of the
 * battery (their code is not even loaded before the first one). Starting a run cancels the
 * previous one; `stop` ends the current one, even while the sandbox client is still loading (the
 * run then never starts); unmounting the panel ends it too, so no learner code keeps running.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { BatteryEvent } from './battery.worker';
import type { BatteryRun, RunOutcome, RunRequest } from './sandbox-client';

export interface SandboxRuns {
  start: (
    request: RunRequest,
    limitMs: number,
    onEvent: (event: BatteryEvent) => void,
  ) => Promise<RunOutcome>;
  stop: () => void;
}

export function useSandboxRuns(): SandboxRuns {
  const current = useRef<BatteryRun | null>(null);
  /** Bumped by every start and stop: a start whose number is no longer current was stopped. */
  const latest = useRef(0);
  const stop = useCallback(() => {
    latest.current++;
    current.current?.cancel();
    current.current = null;
  }, []);
  useEffect(() => stop, [stop]);
  const start = useCallback(
    async (
      request: RunRequest,
      limitMs: number,
      onEvent: (event: BatteryEvent) => void,
    ): Promise<RunOutcome> => {
      stop();
      const mine = latest.current;
      const { startBatteryRun } = await import('./sandbox-client');
      if (mine !== latest.current) return { kind: 'cancelled' };
      const run = startBatteryRun(request, limitMs, onEvent);
      current.current = run;
      return run.outcome;
    },
    [stop],
  );
  return useMemo(() => ({ start, stop }), [start, stop]);
}
