/**
 * The run state of the code lab: one run of the battery at a time, its events collected into a
 * RunState (run-state.ts) as they come, console lines and refused calls in batches. A run that was
 * replaced (Run pressed again, another preset) has its events and outcome dropped; a new
 * `resetKey` (the preset) ends the run of the old code, so a report never sits next to code it
 * was not made from.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ModuleLanguage } from './core/languages';
import type { BatteryEvent } from './battery.worker';
import { applyEvent, finishedRun, startedRun, type RunState } from './run-state';
import type { RunOutcome } from './sandbox-client';
import { useSandboxRuns } from './use-sandbox-runs';

/** Console lines and refused calls can come by the hundred: one render per this long, at most. */
const EVENT_BATCH_MS = 100;

export interface BatteryRunRequest {
  source: string;
  language: ModuleLanguage;
  /** Each phase's time limit. */
  limitMs: number;
}

export interface BatteryRunControl {
  run: RunState;
  /** Starts a run (ending any other); resolves with its outcome, or null if it was replaced. */
  start: (request: BatteryRunRequest) => Promise<RunOutcome | null>;
  /** Cancels the run in flight; it ends as cancelled. */
  stop: () => void;
}

export function useBatteryRun(resetKey: string): BatteryRunControl {
  const [run, setRun] = useState<RunState>({ state: 'idle' });
  const sandbox = useSandboxRuns();
  // Each run has a number; the answers of a run that was replaced are dropped.
  const runNumber = useRef(0);

  const start = useCallback(
    async ({ source, language, limitMs }: BatteryRunRequest) => {
      const mine = ++runNumber.current;
      setRun(startedRun(source));
      let pending: BatteryEvent[] = [];
      let flushTimer = 0;
      const flush = () => {
        window.clearTimeout(flushTimer);
        flushTimer = 0;
        if (pending.length === 0 || mine !== runNumber.current) return;
        const events = pending;
        pending = [];
        setRun((previous) => events.reduce(applyEvent, previous));
      };
      const outcome = await sandbox.start(
        {
          source,
          language,
          timingBudgetMs: Math.min(1500, limitMs * 0.35),
          tokenBudgetMs: Math.min(2000, limitMs * 0.35),
          secretLengths: [0, 64],
        },
        limitMs,
        (event) => {
          if (mine !== runNumber.current) return;
          if (event.kind === 'console' || event.kind === 'blocked') {
            pending.push(event);
            if (!flushTimer) flushTimer = window.setTimeout(flush, EVENT_BATCH_MS);
            return;
          }
          flush();
          setRun((previous) => applyEvent(previous, event));
        },
      );
      flush();
      if (mine !== runNumber.current) return null;
      setRun((previous) => finishedRun(previous, outcome));
      return outcome;
    },
    [sandbox],
  );

  // Another preset (from the chooser, a guided step or a link) ends the run of the old code. The
  // run is cleared while rendering and the sandbox stopped in an effect declared before the
  // panel's 'run' action, so a step that changes the preset and runs starts after both.
  const [shownKey, setShownKey] = useState(resetKey);
  if (shownKey !== resetKey) {
    setShownKey(resetKey);
    setRun({ state: 'idle' });
  }
  useEffect(() => {
    runNumber.current++;
    sandbox.stop();
  }, [resetKey, sandbox]);

  return useMemo(() => ({ run, start, stop: sandbox.stop }), [run, start, sandbox.stop]);
}
