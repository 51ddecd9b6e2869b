/** JSON.parse builds data; eval runs code; a naive merge pollutes every object. In a sandbox worker. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { WorkerStopped } from '../../platform/worker-protocol';
import { Callout, Verdict } from '../../ui/Callout';
import { TextField } from '../../ui/Field';
import { useLabAction, useLabParam } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import {
  MERGE_STRATEGIES,
  SAMPLE_EVAL_TEXT,
  SAMPLE_MERGE_CONSTRUCTOR,
  SAMPLE_MERGE_TEXT,
  type EvalDemo,
  type MergeDemo,
} from './core/json/contrast';
import type { SandboxApi } from './sandbox.worker';
import { TableScroll } from '../../ui/TableScroll';

/** The sandbox gets this long; then its worker is terminated, whatever it is doing. */
const TIME_LIMIT_MS = 2000;

const EVAL_SAMPLES = [
  { label: 'Code in the “JSON”', text: SAMPLE_EVAL_TEXT },
  { label: 'Plain JSON', text: '{"user": "alice", "theme": "dark", "ids": [1, 2, 3]}' },
  { label: 'An endless loop', text: '{"user": (() => { for (;;) {} })()}' },
];

type Sandbox<T> =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; value: T; ms: number }
  | { state: 'timeout' }
  | { state: 'failed'; message: string };

/** Runs one job in a fresh sandbox worker and terminates it afterwards, or at the time limit. */
function useSandbox() {
  const client = useWorker<SandboxApi>(
    () => new Worker(new URL('./sandbox.worker.ts', import.meta.url), { type: 'module' }),
  );
  const latest = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useCallback(
    <K extends keyof SandboxApi & string>(
      type: K,
      payload: SandboxApi[K]['payload'],
      set: (state: Sandbox<SandboxApi[K]['result']>) => void,
    ) => {
      const run = ++latest.current;
      window.clearTimeout(timer.current);
      client.stop();
      set({ state: 'running' });
      const started = performance.now();
      timer.current = window.setTimeout(() => {
        client.stop();
        set({ state: 'timeout' });
      }, TIME_LIMIT_MS);
      client
        .call(type, payload)
        .then((value) => {
          if (run === latest.current)
            set({ state: 'done', value, ms: performance.now() - started });
        })
        .catch((error: Error) => {
          if (run === latest.current && !(error instanceof WorkerStopped))
            set({ state: 'failed', message: error.message });
        })
        .finally(() => {
          if (run !== latest.current) return;
          window.clearTimeout(timer.current);
          client.stop();
        });
    },
    [client],
  );
}

function SandboxStatus({ state }: { state: Sandbox<unknown>['state'] }) {
  const text = {
    idle: 'Sandbox: no worker running.',
    running: 'Sandbox: a fresh worker is running the text…',
    done: 'Sandbox: done, and the worker was terminated — nothing it did survives.',
    timeout: `Sandbox: stopped at the ${TIME_LIMIT_MS / 1000} s limit; the worker was terminated.`,
    failed: 'Sandbox: the worker failed and was terminated.',
  }[state];
  return (
    <p className="field__hint" role="status">
      {text}
    </p>
  );
}

export function JsonContrast() {
  const [text, setText] = useLabParam('json', SAMPLE_EVAL_TEXT);
  const [mergeText, setMergeText] = useLabParam('merge', SAMPLE_MERGE_TEXT);
  const [evalRun, setEvalRun] = useState<Sandbox<EvalDemo>>({ state: 'idle' });
  const [mergeRun, setMergeRun] = useState<Sandbox<SandboxApi['merge-json']['result']>>({
    state: 'idle',
  });
  const runEval = useSandbox();
  const runMerge = useSandbox();
  const evaluate = () => runEval('eval-json', { text }, setEvalRun);
  const merge = () => runMerge('merge-json', { text: mergeText }, setMergeRun);
  useLabAction('run-eval', evaluate);
  useLabAction('run-merge', merge);

  return (
    <section className="card untrusted-data-section" aria-labelledby="json-heading" id="json">
      <h2 id="json-heading">JSON builds data; eval runs code</h2>
      <p>
        <code>JSON.parse</code> (and Python’s <code>json.loads</code>) can only ever produce
        strings, numbers, booleans, null, arrays and objects: there is no instruction for “call
        this”. The same text given to <code>eval</code> is a program. Both run here in a throwaway
        worker.
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
      <SandboxStatus state={evalRun.state} />
      {evalRun.state === 'done' && (
        <div className="table-scroll" aria-live="polite">
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
      {evalRun.state === 'timeout' && (
        <Callout tone="danger" title="eval never returned">
          The text ran forever, as code can; JSON.parse would have refused it at once. Only
          terminating the worker stopped it.
        </Callout>
      )}
      {evalRun.state === 'failed' && (
        <p className="field__error" role="alert">
          {evalRun.message}
        </p>
      )}

      <h3>Prototype pollution: when parsed data is merged naively</h3>
      <p>
        Parsed JSON is only data, but a deep merge that walks into <code>__proto__</code> or{' '}
        <code>constructor.prototype</code> writes into <code>Object.prototype</code> — and then
        every object in the program has the attacker’s property, including a check like{' '}
        <code>if (user.isAdmin)</code> on a user who never had it.
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
        error={mergeRun.state === 'done' && !mergeRun.value.ok ? mergeRun.value.message : null}
      />
      <div className="row">
        <button type="button" className="button" onClick={merge}>
          Merge it five ways
        </button>
      </div>
      <SandboxStatus state={mergeRun.state} />
      {mergeRun.state === 'done' && mergeRun.value.ok && <MergeTable demo={mergeRun.value.value} />}
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
