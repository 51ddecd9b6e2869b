/**
 * "A new version is ready — reload": shown when a deploy's new version is waiting (or has taken
 * over from another tab). Pressing it switches to the new version; until then this tab keeps the
 * version it opened with (see src/platform/service-worker.ts).
 */
import { useSyncExternalStore } from 'react';
import {
  isUpdateReady,
  reloadIntoNewVersion,
  subscribeToUpdate,
} from '../platform/register-service-worker';

export function UpdateNotice() {
  const ready = useSyncExternalStore(subscribeToUpdate, isUpdateReady);
  if (!ready) return null;
  return (
    <p className="callout" role="status">
      A new version is ready —{' '}
      <button
        type="button"
        className="button button--small"
        onClick={() => void reloadIntoNewVersion()}
      >
        reload
      </button>
    </p>
  );
}
