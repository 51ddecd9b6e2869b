/**
 * What a run of the battery has shown so far, as plain data: the phase it is in, the verdicts that
 * have come, the live timing, the calls the sandbox refused and the code's console lines (both
 * capped), and once it ends, how it ended. The battery computes every one of them; this only
 * collects its events in order.
 */
import type { AttackResult } from './core/report';
import type { TimingProgress } from './core/timing';
import type { BatteryEvent, BlockedCall } from './battery.worker';
import type { RunOutcome } from './sandbox-client';

/** Refused calls and console lines listed at most (the rest are counted by the sandbox). */
export const MAX_LOG = 200;

export type RunState =
  | { state: 'idle' }
  | {
      state: 'running' | 'finished';
      phase: string;
      results: AttackResult[];
      timing: TimingProgress | null;
      blocked: BlockedCall[];
      console: { level: string; text: string }[];
      outcome: RunOutcome | null;
      /** The code this run was started on (a compile error marks it only while it is unchanged). */
      source: string;
      /** Pyodide's files fetched so far, for a Python module (null before, or for TypeScript). */
      python?: { loaded: number; total: number } | null;
    };

export function startedRun(source: string): RunState {
  return {
    state: 'running',
    phase: 'start',
    results: [],
    timing: null,
    blocked: [],
    console: [],
    outcome: null,
    source,
  };
}

export function applyEvent(run: RunState, event: BatteryEvent): RunState {
  if (run.state !== 'running') return run;
  switch (event.kind) {
    case 'phase':
      return { ...run, phase: event.phase };
    case 'python-progress':
      return { ...run, python: { loaded: event.loaded, total: event.total } };
    case 'python-started':
      // Taken in by sandbox-client.ts (it may carry a snapshot); nothing to show.
      return run;
    case 'timing':
      return { ...run, timing: event.progress };
    case 'result':
      return { ...run, results: [...run.results, event.result] };
    case 'blocked':
      return run.blocked.length >= MAX_LOG
        ? run
        : { ...run, blocked: [...run.blocked, event.call] };
    case 'console':
      return run.console.length >= MAX_LOG ? run : { ...run, console: [...run.console, event] };
  }
}

/** The run ended: a finished battery's report replaces the verdicts that came one by one. */
export function finishedRun(run: RunState, outcome: RunOutcome): RunState {
  if (run.state !== 'running') return run;
  const results =
    outcome.kind === 'finished' && outcome.outcome.status === 'done'
      ? outcome.outcome.report.results
      : run.results;
  return { ...run, state: 'finished', results, outcome };
}
