/**
 * Registers the offline service worker (production builds served over http(s) only), and tells
 * the page when a new version is ready.
 *
 * Isolation: where the host did not send COOP/COEP, the worker adds them; one reload then makes
 * the page cross-origin isolated (the timing lab's finer clock). The reload happens at most once
 * per session, and never inside an iframe, where isolation also depends on the parent page.
 *
 * Updates: a new version installs and then waits while tabs of the current one are open (see
 * service-worker.ts), so nothing changes under a tab. The page offers "A new version is ready —
 * reload"; pressing it lets the waiting version take over and reloads. When another tab did that,
 * this page's version is gone from the cache: the same offer appears here.
 */
const RELOADED = 'security-playground:coi-reload';
const UPDATE_CHECK_MS = 60 * 60 * 1000;

let updateReady = false;
let reloadRequested = false;
const listeners = new Set<() => void>();

function announceUpdate(): void {
  if (updateReady) return;
  updateReady = true;
  for (const listener of listeners) listener();
}

/** For useSyncExternalStore: is a new version waiting (or already in charge of this page)? */
export function isUpdateReady(): boolean {
  return updateReady;
}

export function subscribeToUpdate(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Lets the waiting version take over, then reloads into it (or just reloads if it already has). */
export async function reloadIntoNewVersion(): Promise<void> {
  reloadRequested = true;
  const registration =
    'serviceWorker' in navigator
      ? await navigator.serviceWorker.getRegistration().catch(() => undefined)
      : undefined;
  if (registration?.waiting) registration.waiting.postMessage({ type: 'skip-waiting' });
  else window.location.reload();
}

/** Will this page reload once for isolation when the service worker takes it over? */
function reloadForIsolationDue(): boolean {
  if (window.top !== window || window.crossOriginIsolated) return false;
  try {
    return window.sessionStorage.getItem(RELOADED) !== '1';
  } catch {
    return false; // No session storage (sandboxed): skip the reload rather than risk a loop.
  }
}

function reloadOnceForIsolation(): void {
  if (!reloadForIsolationDue()) return;
  try {
    window.sessionStorage.setItem(RELOADED, '1');
  } catch {
    return;
  }
  window.location.reload();
}

/**
 * Is the service worker still setting up this page: not yet in charge (the first visit), or about
 * to reload it for isolation? Until it is done, work that a click starts would be lost with the
 * page, or would fetch files past the worker, which then could not keep them for offline use; so
 * buttons for long work (Python) wait, and say why.
 */
let reloadPending = false;
const reloadListeners = new Set<() => void>();
/** A worker that never takes over (its install failed, say) does not keep buttons waiting. */
const RELOAD_WAIT_LIMIT_MS = 30_000;

function setReloadPending(pending: boolean): void {
  if (reloadPending === pending) return;
  reloadPending = pending;
  for (const listener of reloadListeners) listener();
}

/** For useSyncExternalStore: is the page waiting for its reload for isolation? */
export function isReloadPending(): boolean {
  return reloadPending;
}

export function subscribeToReloadPending(listener: () => void): () => void {
  reloadListeners.add(listener);
  return () => reloadListeners.delete(listener);
}

function watchForUpdates(registration: ServiceWorkerRegistration): void {
  const noticeInstalled = (worker: ServiceWorker | null) => {
    if (!worker) return;
    const check = () => {
      // Installed while an older version controls this page: the new one waits for a reload.
      if (worker.state === 'installed' && navigator.serviceWorker.controller) announceUpdate();
    };
    check();
    worker.addEventListener('statechange', check);
  };
  noticeInstalled(registration.waiting);
  noticeInstalled(registration.installing);
  registration.addEventListener('updatefound', () => noticeInstalled(registration.installing));
  // Browsers check for a new sw.js on navigation; a tab left open for days checks now and then.
  window.setInterval(() => void registration.update().catch(() => {}), UPDATE_CHECK_MS);
}

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(window.location.protocol)) return;
  let controlled = navigator.serviceWorker.controller !== null;
  if (!controlled || reloadForIsolationDue()) {
    setReloadPending(true);
    window.setTimeout(() => setReloadPending(false), RELOAD_WAIT_LIMIT_MS);
  }
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloadRequested) window.location.reload();
    else if (!controlled) {
      if (reloadForIsolationDue()) reloadOnceForIsolation();
      else setReloadPending(false);
    }
    // A newer version took over this page (another tab asked for it): its files may be gone.
    else announceUpdate();
    controlled = true;
  });
  navigator.serviceWorker
    .register('./sw.js')
    .then(async (registration: ServiceWorkerRegistration | undefined) => {
      // No registration (a test browser that blocks service workers): nothing will reload.
      if (!registration) return setReloadPending(false);
      watchForUpdates(registration);
      const installing = registration.installing;
      installing?.addEventListener('statechange', () => {
        if (installing.state === 'redundant') setReloadPending(false);
      });
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) return;
      if (reloadForIsolationDue()) reloadOnceForIsolation();
      else setReloadPending(false);
    })
    .catch(() => {
      // Offline use is a bonus: without a service worker the app still works online.
      setReloadPending(false);
    });
}
