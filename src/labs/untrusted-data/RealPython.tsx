/**
 * "Load it in real Python": the real `pickle.loads` on the inspector's bytes, in CPython 3.14
 * (Pyodide) inside the Python sandbox, under the audit hook, beside the symbolic loader's
 * prediction, with every difference flagged (core/python/compare.ts computes both).
 */
import { useEffect, useRef, useState } from 'react';
import { bytesToHex } from '../../core/bytes';
import {
  PYODIDE_BYTES,
  fetchPyodide,
  openPythonSandbox,
  startPython,
  startedHow,
  pythonUnavailable,
  type PythonProgress,
} from '../../platform/sandbox/python';
import { Cancelled, within } from '../../platform/sandbox/deadline';
import type { Sandbox } from '../../platform/sandbox/sandbox';
import { PythonOffline } from '../../ui/PythonOffline';
import { Callout, Verdict } from '../../ui/Callout';
import { formatBytesCount } from '../../ui/format';
import { ProgressBar } from '../../ui/ProgressBar';
import { TableScroll } from '../../ui/TableScroll';
import { usePythonWait } from '../../ui/use-python-wait';
import type { ScanResult } from './core/pickle/symbolic';
import { parsePickleLoadReport, type PickleLoadReport } from './core/python/audit-hook';
import { comparePrediction, type Comparison } from './core/python/compare';
import PYTHON_SANDBOX from './python.sandbox.ts?sandbox-script';

/** Starting CPython takes seconds; on a slow machine, many. */
const START_LIMIT_MS = 120_000;
const LOAD_LIMIT_MS = 30_000;

type State =
  | { state: 'idle' }
  | { state: 'fetching'; progress: PythonProgress }
  | { state: 'starting' }
  | { state: 'loading'; version: string }
  | {
      state: 'done';
      scan: ScanResult;
      version: string;
      restored: boolean;
      report: PickleLoadReport;
      comparison: Comparison;
    }
  | { state: 'failed'; message: string };

function usePythonLoad() {
  const [state, setState] = useState<State>({ state: 'idle' });
  const job = useRef<{ controller: AbortController; sandbox: Sandbox | null } | null>(null);

  const cancel = () => {
    const current = job.current;
    job.current = null;
    current?.controller.abort();
    current?.sandbox?.dispose();
    setState({ state: 'idle' });
  };
  useEffect(() => cancel, []);

  const start = async (bytes: () => Promise<Uint8Array>, scan: ScanResult) => {
    cancel();
    const controller = new AbortController();
    const mine = { controller, sandbox: null as Sandbox | null };
    job.current = mine;
    const set = (next: State) => job.current === mine && setState(next);
    const { signal } = controller;
    try {
      set({ state: 'fetching', progress: { loaded: 0, total: PYODIDE_BYTES } });
      const hex = bytesToHex(await bytes());
      const files = await fetchPyodide(signal, (progress) => set({ state: 'fetching', progress }));
      if (signal.aborted) throw new Cancelled();
      set({ state: 'starting' });
      const sandbox = await openPythonSandbox(PYTHON_SANDBOX, files);
      mine.sandbox = sandbox;
      if (signal.aborted) throw new Cancelled();
      const channel = sandbox.channel();
      const { version, restored } = await within(
        startPython(channel),
        sandbox,
        START_LIMIT_MS,
        'Starting Python',
        signal,
      );
      set({ state: 'loading', version });
      const text = await within(
        channel.request('pickle.load', { hex }),
        sandbox,
        LOAD_LIMIT_MS,
        'pickle.loads',
        signal,
      );
      if (typeof text !== 'string') throw new Error('The Python sandbox answered with no report.');
      const report = parsePickleLoadReport(text);
      if (!report.ok) throw new Error(report.error.message);
      set({
        state: 'done',
        scan,
        version,
        restored,
        report: report.value,
        comparison: comparePrediction(scan, report.value),
      });
    } catch (error) {
      if (!(error instanceof Cancelled))
        set({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      // One interpreter per load: whatever the pickle changed in it goes with the sandbox.
      mine.sandbox?.dispose();
      if (job.current === mine) job.current = null;
    }
  };

  return { state, start, cancel };
}

const argsText = (args: readonly unknown[]) => args.map((a) => JSON.stringify(a)).join(', ');

function EventCell({
  event,
}: {
  event: { event: string; args: readonly unknown[]; refused: boolean } | null;
}) {
  if (!event) return <span className="field__hint">—</span>;
  return (
    <span>
      <code>
        {event.event}({argsText(event.args)})
      </code>{' '}
      <span className="field__hint">{event.refused ? 'refused' : 'allowed'}</span>
    </span>
  );
}

export function RealPython({
  scan,
  bytes,
}: {
  scan: ScanResult;
  bytes: () => Promise<Uint8Array>;
}) {
  const { state, start, cancel } = usePythonLoad();
  const unavailable = pythonUnavailable();
  const waitReason = usePythonWait();
  const running =
    state.state === 'fetching' || state.state === 'starting' || state.state === 'loading';
  const done = state.state === 'done' && state.scan === scan ? state : null;

  return (
    <div className="stack" aria-labelledby="real-python-heading" role="group">
      <h3 id="real-python-heading">Load it in real Python</h3>
      <p>
        The same bytes through the real <code>pickle.loads</code>, in CPython 3.14 compiled to
        WebAssembly (Pyodide, {formatBytesCount(PYODIDE_BYTES)}, downloaded from this site the first
        time), inside a sandbox with no access to this page or the network. An audit hook (PEP 578)
        installed first records every event with its arguments and refuses each one that would run a
        command, code, a file or a socket: nothing it asks for happens.
      </p>
      {unavailable ? (
        <p className="field__hint">{unavailable}</p>
      ) : (
        <div className="row">
          <button
            type="button"
            className="button"
            disabled={running || waitReason !== null}
            aria-describedby={waitReason ? 'real-python-wait' : undefined}
            onClick={() => void start(bytes, scan)}
          >
            Load it in real Python
          </button>
          {running && (
            <button type="button" className="button button--ghost" onClick={cancel}>
              Cancel Python
            </button>
          )}
        </div>
      )}
      {waitReason && (
        <p id="real-python-wait" className="field__hint" role="status">
          {waitReason}
        </p>
      )}
      {!unavailable && (
        <PythonOffline disabledReason={waitReason} recheck={state.state === 'done'} />
      )}
      {state.state === 'fetching' && (
        <ProgressBar
          label="Downloading Python"
          value={state.progress.loaded}
          max={state.progress.total}
          detail={`${formatBytesCount(state.progress.loaded)} of ${formatBytesCount(state.progress.total)}`}
        />
      )}
      {state.state === 'starting' && <p role="status">Starting CPython in the sandbox…</p>}
      {state.state === 'loading' && <p role="status">Running pickle.loads…</p>}
      {state.state === 'failed' && (
        <p role="alert" className="field__error">
          {state.message}
        </p>
      )}
      {done && <RealPythonReport done={done} />}
    </div>
  );
}

function RealPythonReport({ done }: { done: Extract<State, { state: 'done' }> }) {
  const { comparison, report, version, restored } = done;
  const agree = comparison.differences.length === 0;
  return (
    <div className="stack" aria-live="polite">
      <div className="untrusted-data-verdict">
        <Verdict
          ok={agree}
          yes="Real Python did what the symbolic loader predicted"
          no={`${comparison.differences.length} difference${comparison.differences.length === 1 ? '' : 's'} from the prediction`}
        />
        <span className="field__hint">
          Python {version.split(' ')[0]}, {startedHow(restored)}
        </span>
      </div>
      {!agree && (
        <Callout tone="danger" title="Differences">
          {comparison.differences.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </Callout>
      )}
      {comparison.stoppedSooner && <p className="field__hint">{comparison.stoppedSooner}</p>}
      {comparison.prediction.stopsBecause && (
        <p className="field__hint">
          The prediction stops early: {comparison.prediction.stopsBecause}; the events after it are
          shown, not compared.
        </p>
      )}
      <TableScroll label="Audit events">
        <table>
          <caption className="visually-hidden">
            Audit events: what real Python raised, and what the symbolic loader predicted
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Real Python raised</th>
              <th scope="col">Predicted</th>
              <th scope="col">Same?</th>
            </tr>
          </thead>
          <tbody>
            {comparison.rows.map((row, i) => (
              <tr key={i} className={row.same || !row.real ? undefined : 'untrusted-data-danger'}>
                <td className="mono">{i + 1}</td>
                <td>
                  <EventCell event={row.real} />
                </td>
                <td>
                  <EventCell event={row.predicted} />
                </td>
                <td>
                  {row.same
                    ? 'same'
                    : !row.real && (comparison.stoppedSooner || comparison.prediction.stopsBecause)
                      ? 'not reached'
                      : 'differs'}
                </td>
              </tr>
            ))}
            {comparison.rows.length === 0 && (
              <tr>
                <td colSpan={4}>No audit event: it only built values.</td>
              </tr>
            )}
          </tbody>
        </table>
        {report.eventsDropped > 0 && (
          <p className="field__hint">…and {report.eventsDropped} more events.</p>
        )}
      </TableScroll>
      <p>
        {report.error === null ? (
          <>
            <code>pickle.loads</code> returned <code>{report.result}</code>
          </>
        ) : (
          <>
            <code>pickle.loads</code> raised <code>{report.error}</code>
          </>
        )}
      </p>
    </div>
  );
}
