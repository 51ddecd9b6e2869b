/**
 * "Make Python available offline": wherever the app offers Python. Asks the service worker what it
 * has of Python's files (each checked against this build's SHA-256), fetches what it lacks through
 * it with a progress bar, and says when Python works with the network gone.
 */
import { useEffect, useId, useRef, useState } from 'react';
import {
  PYODIDE_BYTES,
  cachePythonForOffline,
  pythonOfflineStatus,
  pythonUnavailable,
  type PythonOfflineStatus,
  type PythonProgress,
} from '../platform/sandbox/python';
import { formatBytesCount } from './format';
import { ProgressBar } from './ProgressBar';

type State =
  | { state: 'checking' }
  | { state: 'status'; status: PythonOfflineStatus }
  | { state: 'caching'; progress: PythonProgress }
  | { state: 'failed'; message: string };

function statusText(status: PythonOfflineStatus): string {
  if (!status.ok) return status.reason;
  return status.missing.length === 0
    ? `✓ Python is available offline: its ${formatBytesCount(PYODIDE_BYTES)} are cached, each checked against this build.`
    : `Python is not cached for offline use yet (${formatBytesCount(PYODIDE_BYTES)}).`;
}

/**
 * `disabledReason`: why the button must wait (the page is about to reload, say); when the wait
 * ends, the status is asked again (on a first visit to a server that sends the isolation headers
 * the worker takes over without a reload, and the first answer said it was not there yet).
 * `recheck`: a value that changes when Python was just used (its files may now be cached): the
 * status is asked again.
 */
export function PythonOffline({
  disabledReason,
  recheck,
}: {
  disabledReason?: string | null;
  recheck?: unknown;
}) {
  const id = useId();
  const [state, setState] = useState<State>({ state: 'checking' });
  const job = useRef<AbortController | null>(null);
  const unavailable = pythonUnavailable();

  useEffect(() => {
    if (unavailable) return;
    let live = true;
    void pythonOfflineStatus().then((status) => live && setState({ state: 'status', status }));
    return () => {
      live = false;
    };
  }, [unavailable, recheck, disabledReason]);
  useEffect(() => () => job.current?.abort(), []);

  if (unavailable) return null;
  const cache = async () => {
    const controller = new AbortController();
    job.current = controller;
    setState({ state: 'caching', progress: { loaded: 0, total: PYODIDE_BYTES } });
    try {
      const status = await cachePythonForOffline(controller.signal, (progress) =>
        setState({ state: 'caching', progress }),
      );
      if (status.ok && status.missing.length > 0)
        setState({
          state: 'failed',
          message: `These files could not be cached: ${status.missing.join(', ')}. Try again when the network is back.`,
        });
      else setState({ state: 'status', status });
    } catch (error) {
      setState(
        controller.signal.aborted
          ? { state: 'status', status: await pythonOfflineStatus() }
          : {
              state: 'failed',
              message: `Python could not be cached: ${error instanceof Error ? error.message : String(error)}`,
            },
      );
    } finally {
      if (job.current === controller) job.current = null;
    }
  };

  const status = state.state === 'status' ? state.status : null;
  const ready = status?.ok === true && status.missing.length === 0;
  const reason =
    disabledReason ??
    (state.state === 'checking'
      ? 'Checking what is cached…'
      : status && !status.ok
        ? status.reason
        : null);
  return (
    <div className="stack">
      {!ready && (
        <div className="row">
          <button
            type="button"
            className="button button--ghost"
            disabled={state.state === 'caching' || reason !== null}
            aria-describedby={id}
            onClick={() => void cache()}
          >
            Make Python available offline
          </button>
          {state.state === 'caching' && (
            <button
              type="button"
              className="button button--ghost"
              onClick={() => job.current?.abort()}
            >
              Stop caching
            </button>
          )}
        </div>
      )}
      {state.state === 'caching' && (
        <ProgressBar
          label="Caching Python for offline use"
          value={state.progress.loaded}
          max={state.progress.total}
          detail={`${formatBytesCount(state.progress.loaded)} of ${formatBytesCount(state.progress.total)}`}
        />
      )}
      {state.state === 'failed' ? (
        <p id={id} role="alert" className="field__error">
          {state.message}
        </p>
      ) : (
        <p id={id} role="status" className="field__hint">
          {status ? statusText(status) : ''}
        </p>
      )}
    </div>
  );
}
