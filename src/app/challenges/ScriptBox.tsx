/**
 * "Your attack, as a script": the learner writes `async function attack(oracle)`, and "Run my
 * attack" runs it in a fresh sandbox (script-run.ts) whose oracle calls the challenges worker
 * answers from the instance's session. The page shows the requests spent as they go, what the
 * script printed and how the run ended; the verdicts on what it handed in go to the page's
 * verdict (`onOutcome`). Stop, a new instance or leaving the page ends the run and its sandbox.
 */
import { useEffect, useRef, useState } from 'react';
import type { Challenge } from '../../core/challenge';
import type { WorkerClient } from '../../platform/worker-client';
import { TextField } from '../../ui/Field';
import { JobButtons, JobError, JobProgress } from '../../ui/JobControls';
import { useWorkerJob } from '../../ui/use-worker-job';
import type { ChallengesApi, ScriptOutcome, ScriptProgress } from './challenges.worker';
import { startScriptRun, type ScriptRun } from './script-run';
import { formatNumber } from '../../core/number-format';

const ENDINGS: Record<ScriptOutcome['end'], string> = {
  returned: 'The script finished',
  threw: 'The script failed',
  stalled: 'The script was stopped',
  stopped: 'Stopped',
  lost: 'The sandbox was lost',
};

export function ScriptBox({
  challenge,
  worker,
  instance,
  onUsed,
  onOutcome,
}: {
  challenge: Challenge;
  worker: WorkerClient<ChallengesApi>;
  instance: number;
  /** The session's requests used so far, as the run goes. */
  onUsed: (requestsUsed: number) => void;
  onOutcome: (outcome: ScriptOutcome) => void;
}) {
  const script = challenge.script!;
  const [code, setCode] = useState(script.starter);
  const current = useRef<ScriptRun | null>(null);
  const stop = () => current.current?.stop();
  const job = useWorkerJob<ScriptOutcome, ScriptProgress>({ stop });
  useEffect(() => () => current.current?.stop(), []);

  const run = () => {
    if (code.trim() === '') return;
    job.start(async (progress) => {
      current.current?.stop();
      const started = startScriptRun(worker, instance, code, (update) => {
        progress(update);
        onUsed(update.requestsUsed);
      });
      current.current = started;
      const outcome = await started.outcome;
      if (current.current === started) current.current = null;
      onOutcome(outcome);
      return outcome;
    });
  };

  const running = job.state.status === 'running';
  const outcome = job.state.status === 'done' ? job.state.value : null;
  const budget = challenge.budget?.requests ?? 0;

  return (
    <section className="card" aria-labelledby="script-heading">
      <h2 id="script-heading">Your attack, as a script</h2>
      <p className="field__hint">
        Write <code>async function attack(oracle)</code>. It runs in the app’s sandbox, with no
        access to this page, its storage or the network; the oracle is the only way to the server,
        and every call spends this instance’s budget: {script.what}.
      </p>
      <TextField
        label="Your attack script"
        value={code}
        multiline
        rows={16}
        monospace
        error={
          code.trim() === '' ? 'The script is empty: write async function attack(oracle).' : null
        }
        onChange={setCode}
      />
      <div className="row">
        <JobButtons
          job={{ running, cancel: stop }}
          label="Run my attack"
          cancelLabel="Stop"
          onStart={run}
          disabled={code.trim() === ''}
        />
      </div>
      <div aria-live="polite">
        <JobProgress
          state={job.state}
          label="Requests used by the script"
          show={(p) => ({
            value: p?.requestsUsed ?? 0,
            max: budget,
            detail: `${formatNumber(p?.requestsUsed ?? 0)} of ${formatNumber(budget)} requests used, ${formatNumber(p?.calls ?? 0)} oracle calls`,
          })}
        />
        <JobError state={job.state} />
        {outcome && (
          <div
            className={`callout ${outcome.end === 'returned' ? 'callout--note' : 'callout--warning'}`}
            role="region"
            aria-label="Script run"
          >
            <strong className="callout__title">{ENDINGS[outcome.end]}</strong>
            <p>{outcome.message}</p>
            <p>
              {formatNumber(outcome.calls)} oracle calls; {formatNumber(outcome.submits)} tags
              handed in.
            </p>
          </div>
        )}
        {outcome && (outcome.log.length > 0 || outcome.logDropped > 0) && (
          <div role="region" aria-label="Script output">
            <h3>What the script printed</h3>
            <pre className="mono challenge-json">
              {outcome.log.join('\n')}
              {outcome.logDropped > 0 && `\n… and ${formatNumber(outcome.logDropped)} more lines`}
            </pre>
          </div>
        )}
      </div>
    </section>
  );
}
