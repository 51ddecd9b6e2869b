/**
 * The first-visit wait for Python, written once for every place that offers it: until the service
 * worker controls the page (and has done its one reload for isolation), a click that starts Python
 * would be lost with the page, or would fetch Pyodide past the worker, which then could not keep
 * it for offline use. Python buttons stay disabled and show this reason meanwhile.
 */
import { useSyncExternalStore } from 'react';
import { isReloadPending, subscribeToReloadPending } from '../platform/register-service-worker';

export const PYTHON_WAIT_REASON =
  'One moment: the page is setting up offline use (it may reload once).';

/** Why Python must wait for now, or null when it may start. */
export function usePythonWait(): string | null {
  const pending = useSyncExternalStore(subscribeToReloadPending, isReloadPending);
  return pending ? PYTHON_WAIT_REASON : null;
}
