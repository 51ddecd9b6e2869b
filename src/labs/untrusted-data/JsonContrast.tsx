/** JSON.parse builds data; eval runs code; a naive merge pollutes every object. In the app's sandbox. */
import { useEffect, useState } from 'react';
import type { Result } from '../../core/result';
import {
  startSandboxJob,
  type SandboxJob,
  type SandboxJobOutcome,
} from '../../platform/sandbox/job';
import type { SandboxNotice } from '../../platform/sandbox/protocol';
import { WorkerStopped } from '../../platform/worker-protocol';
import { Callout, Verdict } from '../../ui/Callout';
import { TextField } from '../../ui/Field';
import { JobError } from '../../ui/JobControls';
import { useLabAction, useLabParam } from '../../ui/lab-context';
import { useWorkerJob, type JobState } from '../../ui/use-worker-job';
import { parseEvalAnswer, parseMergeAnswer } from './core/json/answers';
import {
  MERGE_STRATEGIES,
  SAMPLE_EVAL_TEXT,
  SAMPLE_MERGE_CONSTRUCTOR,
  SAMPLE_MERGE_TEXT,
  type EvalDemo,
  type MergeDemo,
} from './core/json/contrast';
import JSON_SANDBOX from './json.sandbox.ts?sandbox-script';
import { TableScroll } from '../../ui/TableScroll';
import { UNTRUSTED_DATA } from './lab';

/** The text gets this long once the sandbox is up; then the sandbox is removed, whatever it does. */
const TIME_LIMIT_MS = 2000;
/** Refused calls listed under a run (the rest are counted). */
const MAX_LISTED = 10;

const EVAL_SAMPLES = [
  { label: 'Code in the “JSON”', text: SAMPLE_EVAL_TEXT },
  { label: 'Plain JSON', text: '{"user": "alice", "theme": "dark", "ids": [1, 2, 3]}' },
  { label: 'An endless loop', text: '{"user": (() => { for (;;) {} })()}' },
];

type MergeAnswer = { ok: true; value: MergeDemo } | { ok: false; message: string };

interface Refusals {
  listed: SandboxNotice[];
  total: number;
}

/** How a run in the sandbox ended, when it ended without an error. */
type SandboxAnswer<T> =
  { kind: 'done'; value: T; refusals: Refusals } | { kind: 'timeout' } | { kind: 'lost' };

/**
 * One request at a time in a fresh sandbox (src/platform/sandbox/), removed afterwards or at the
 * time limit; useWorkerJob owns the run's lifecycle and stops the sandbox through `stop`.
 */
function useSandbox() {
  const [sandbox] = useState(() => {
    let current: SandboxJob | null = null;
    return {
      stop: () => {
        current?.cancel();
        current = null;
      },
      run: (op: string, payload: unknown): Promise<SandboxJobOutcome> => {
        current?.cancel();
        current = startSandboxJob(JSON_SANDBOX, op, payload, TIME_LIMIT_MS);
        return current.outcome;
      },
    };
  });
  useEffect(() => sandbox.stop, [sandbox]);
  return sandbox;
}

/** The sandbox's outcome, its answer checked by `parse`; errors are thrown, for the job to fail. */
function answerOf<T>(
  outcome: SandboxJobOutcome,
  parse: (value: unknown) => Result<T>,
): SandboxAnswer<T> {
  switch (outcome.kind) {
    case 'done': {
      const parsed = parse(outcome.value);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const blocked = outcome.notices.filter((n) => n.kind === 'blocked');
      return {
        kind: 'done',
        value: parsed.value,
        refusals: { listed: blocked.slice(0, MAX_LISTED), total: outcome.counts.blocked },
      };
    }
    case 'error':
      throw new Error(outcome.message);
    case 'timeout':
      return { kind: 'timeout' };
    case 'lost':
      if (outcome.loss.reason === 'failed')
        throw new Error(`The sandbox did not start: ${outcome.loss.message}`);
      return { kind: 'lost' };
    case 'cancelled':
      throw new WorkerStopped();
  }
}

function SandboxStatus({ state }: { state: JobState<SandboxAnswer<unknown>> }) {
  const shown =
    state.status === 'done'
      ? state.value.kind
      : state.status === 'cancelled'
        ? 'idle'
        : state.status;
  const text = {
    idle: 'Sandbox: none running.',
    running: 'Sandbox: a fresh sandbox is running the text…',
    done: 'Sandbox: done, and the sandbox was removed — nothing it did survives.',
    timeout: `Sandbox: stopped at the ${TIME_LIMIT_MS / 1000} s limit; the sandbox was removed.`,
    lost: 'Sandbox: it crashed (out of memory, most likely) and was removed. The page is fine; the next run starts a fresh sandbox.',
    failed: 'Sandbox: it failed and was removed.',
  }[shown];
  return (
    <p className="field__hint" role="status">
      {text}
    </p>
  );
}

/** What the text tried that the sandbox refused (a request, storage), if anything. */
function RefusalList({ refusals }: { refusals: Refusals }) {
  if (refusals.total === 0) return null;
  const more = refusals.total - refusals.listed.length;
  return (
    <Callout tone="success" title="Refused inside the sandbox">
      <ul aria-label="Refused calls">
        {refusals.listed.map((notice, i) => (
          <li key={i}>
            <code>
              {notice.label}({notice.text ? `'${notice.text}'` : ''})
            </code>{' '}
            was refused: no request was made.
          </li>
        ))}
      </ul>
      {more > 0 && <p className="field__hint">…and {more} more.</p>}
    </Callout>
  );
}

export function JsonContrast() {
  const [text, setText] = useLabParam(UNTRUSTED_DATA, 'json');
  const [mergeText, setMergeText] = useLabParam(UNTRUSTED_DATA, 'merge');
  const evalSandbox = useSandbox();
  const mergeSandbox = useSandbox();
  const evalJob = useWorkerJob<SandboxAnswer<EvalDemo>>(evalSandbox, { stopOnRestart: true });
  const mergeJob = useWorkerJob<SandboxAnswer<MergeAnswer>>(mergeSandbox, {
    stopOnRestart: true,
  });
  const evaluate = () =>
    evalJob.start(async () =>
      answerOf(await evalSandbox.run('eval-json', { text }), parseEvalAnswer),
    );
  const merge = () =>
    mergeJob.start(async () =>
      answerOf(await mergeSandbox.run('merge-json', { text: mergeText }), parseMergeAnswer),
    );
  useLabAction(UNTRUSTED_DATA, 'run-eval', evaluate);
  useLabAction(UNTRUSTED_DATA, 'run-merge', merge);
  const evalRun = evalJob.state.status === 'done' ? evalJob.state.value : null;
  const mergeRun = mergeJob.state.status === 'done' ? mergeJob.state.value : null;

  return (
    <section className="card untrusted-data-section" aria-labelledby="json-heading" id="json">
      <h2 id="json-heading">JSON builds data; eval runs code</h2>
      <p>
        <code>JSON.parse</code> (and Python’s <code>json.loads</code>) can only ever produce
        strings, numbers, booleans, null, arrays and objects: there is no instruction for “call
        this”. The same text given to <code>eval</code> is a program. Both run here in a throwaway
        sandbox: a frame with no access to this page, its storage or the network.
      </p>
      <p className="field__hint">
        Ask it yourself: type any text below and parse it both ways; the samples show you.
      </p>
      <div className="untrusted-data-samples" role="group" aria-label="Sample texts">
        {EVAL_SAMPLES.map((sample) => (
          <button
            key={sample.label}
            type="button"
            className="button button--small"
            onClick={() => setText(sample.text)}
          >
            {sample.label}
          </button>
        ))}
      </div>
      <TextField
        label="Text received as JSON"
        value={text}
        onChange={setText}
        multiline
        monospace
      />
      <div className="row">
        <button type="button" className="button" onClick={evaluate}>
          Parse it both ways
        </button>
      </div>
      <SandboxStatus state={evalJob.state} />
      {evalRun?.kind === 'done' && (
        <div className="table-scroll" aria-live="polite" id="json-eval-result">
          <table>
            <thead>
              <tr>
                <th scope="col">Read with</th>
                <th scope="col">Result</th>
                <th scope="col">Code ran?</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">JSON.parse(text)</th>
                <td className="mono">
                  {evalRun.value.jsonParse.ok
                    ? evalRun.value.jsonParse.value
                    : `SyntaxError: ${evalRun.value.jsonParse.message}`}
                </td>
                <td>
                  <Verdict ok yes="No: data only" no="" />
                </td>
              </tr>
              <tr>
                <th scope="row">eval(text)</th>
                <td className="mono">
                  {evalRun.value.eval.ok
                    ? evalRun.value.eval.value
                    : `Error: ${evalRun.value.eval.message}`}
                  {evalRun.value.newGlobals.map((g) => (
                    <div key={g.name}>
                      new global <strong>{g.name}</strong> = {g.value}
                    </div>
                  ))}
                </td>
                <td>
                  {evalRun.value.newGlobals.length > 0 ? (
                    <Verdict ok={false} yes="" no="Yes: it changed the program" />
                  ) : (
                    <span className="field__hint">nothing visible this time</span>
                  )}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
      {evalRun?.kind === 'done' && <RefusalList refusals={evalRun.refusals} />}
      {evalRun?.kind === 'timeout' && (
        <Callout tone="danger" title="eval never returned">
          The text ran forever, as code can; JSON.parse would have refused it at once. Only removing
          the sandbox stopped it.
        </Callout>
      )}
      <JobError state={evalJob.state} />

      <h3>Prototype pollution: when parsed data is merged naively</h3>
      <p>
        Parsed JSON is only data, but a deep merge that walks into <code>__proto__</code> or{' '}
        <code>constructor.prototype</code> writes into <code>Object.prototype</code> — and then
        every object in the program has the attacker’s property, including a check like{' '}
        <code>if (user.isAdmin)</code> on a user who never had it.
      </p>
      <p className="field__hint">
        Ask it yourself: write your own settings JSON (can you make <code>isAdmin</code> true?) and
        merge it; the samples show you.
      </p>
      <div className="untrusted-data-samples" role="group" aria-label="Sample merges">
        <button
          type="button"
          className="button button--small"
          onClick={() => setMergeText(SAMPLE_MERGE_TEXT)}
        >
          Through __proto__
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => setMergeText(SAMPLE_MERGE_CONSTRUCTOR)}
        >
          Through constructor.prototype
        </button>
      </div>
      <TextField
        label="User settings (JSON) merged into the defaults"
        value={mergeText}
        onChange={setMergeText}
        multiline
        monospace
        error={mergeRun?.kind === 'done' && !mergeRun.value.ok ? mergeRun.value.message : null}
      />
      <div className="row">
        <button type="button" className="button" onClick={merge}>
          Merge it five ways
        </button>
      </div>
      <SandboxStatus state={mergeJob.state} />
      {mergeRun?.kind === 'done' && mergeRun.value.ok && <MergeTable demo={mergeRun.value.value} />}
      <JobError state={mergeJob.state} />
    </section>
  );
}

function MergeTable({ demo }: { demo: MergeDemo }) {
  return (
    <div className="stack" aria-live="polite">
      <p className="field__hint">
        JSON.parse gave an object with own keys{' '}
        {demo.parsedOwnKeys.map((k) => JSON.stringify(k)).join(', ')} — “__proto__” there is an
        ordinary key holding data.
      </p>
      <TableScroll label="Deep merge results">
        <table>
          <thead>
            <tr>
              <th scope="col">How</th>
              <th scope="col">Shared objects changed</th>
              <th scope="col">A brand-new {'{}'}</th>
              <th scope="col">Resulting settings</th>
            </tr>
          </thead>
          <tbody>
            {demo.outcomes.map((outcome) => {
              const strategy = MERGE_STRATEGIES.find((s) => s.id === outcome.id)!;
              return (
                <tr key={outcome.id}>
                  <th scope="row">
                    {strategy.label}
                    <div className="field__hint mono">{strategy.code}</div>
                  </th>
                  <td>
                    {outcome.polluted.length === 0 ? (
                      <Verdict ok yes="none" no="" />
                    ) : (
                      <>
                        <Verdict ok={false} yes="" no="polluted" />
                        {outcome.polluted.map((p) => (
                          <div key={`${p.target}.${p.name}`} className="mono">
                            {p.target}.{p.name} = {p.value}
                          </div>
                        ))}
                      </>
                    )}
                  </td>
                  <td className="mono">{outcome.freshObject}</td>
                  <td className="mono untrusted-data-arg">{outcome.result}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
