import { describe, expect, it } from 'vitest';
import type { AttackResult } from './core/report';
import { applyEvent, finishedRun, MAX_LOG, startedRun, type RunState } from './run-state';

const result = (verdict: AttackResult['verdict']): AttackResult => ({
  id: 'tampering',
  verdict,
  headline: verdict,
  notes: [],
  evidence: null,
});

describe('run state', () => {
  it('collects the battery’s events in order while the run is running', () => {
    let run = startedRun('code');
    run = applyEvent(run, { kind: 'phase', phase: 'load' });
    run = applyEvent(run, { kind: 'result', result: result('fail') });
    run = applyEvent(run, { kind: 'console', level: 'log', text: 'hello' });
    run = applyEvent(run, { kind: 'blocked', call: { api: 'fetch', detail: 'https://x' } });
    expect(run).toMatchObject({
      state: 'running',
      phase: 'load',
      results: [result('fail')],
      console: [{ kind: 'console', level: 'log', text: 'hello' }],
      blocked: [{ api: 'fetch', detail: 'https://x' }],
      source: 'code',
    });
  });

  it('lists at most MAX_LOG console lines and refused calls', () => {
    let run: RunState = startedRun('code');
    for (let i = 0; i < MAX_LOG + 50; i++) {
      run = applyEvent(run, { kind: 'console', level: 'log', text: String(i) });
      run = applyEvent(run, { kind: 'blocked', call: { api: 'fetch', detail: String(i) } });
    }
    if (run.state === 'idle') throw new Error('unreachable');
    expect(run.console).toHaveLength(MAX_LOG);
    expect(run.blocked).toHaveLength(MAX_LOG);
    expect(run.console.at(-1)?.text).toBe(String(MAX_LOG - 1));
  });

  it('a finished battery’s report replaces the verdicts that came one by one; events after the end are ignored', () => {
    const running = applyEvent(startedRun('code'), { kind: 'result', result: result('fail') });
    const report = [result('pass')];
    const done = finishedRun(running, {
      kind: 'finished',
      outcome: {
        status: 'done',
        report: { checkProblem: null, results: report, secretLength: 0 },
        crossOriginIsolated: false,
        notices: { console: 0, error: 0, blocked: 0 },
      },
    });
    expect(done).toMatchObject({ state: 'finished', results: report });
    expect(applyEvent(done, { kind: 'result', result: result('fail') })).toBe(done);
    // A run that ends otherwise keeps what it had shown.
    const cancelled = finishedRun(running, { kind: 'cancelled' });
    expect(cancelled).toMatchObject({ state: 'finished', results: [result('fail')] });
    expect(finishedRun({ state: 'idle' }, { kind: 'cancelled' })).toEqual({ state: 'idle' });
  });
});
