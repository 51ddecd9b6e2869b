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

function reloadOnceForIsolation(): void {
  if (window.top !== window || window.crossOriginIsolated) return;
  try {
    if (window.sessionStorage.getItem(RELOADED) === '1') return;
    window.sessionStorage.setItem(RELOADED, '1');
  } catch {
    return; // No session storage (sandboxed): skip the reload rather than risk a loop.
  }
  window.location.reload();
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
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloadRequested) window.location.reload();
    else if (!controlled) reloadOnceForIsolation();
    // A newer version took over this page (another tab asked for it): its files may be gone.
    else announceUpdate();
    controlled = true;
  });
  navigator.serviceWorker
    .register('./sw.js')
    .then(async (registration) => {
      watchForUpdates(registration);
      await navigator.serviceWorker.ready;
      if (navigator.serviceWorker.controller) reloadOnceForIsolation();
    })
    .catch(() => {
      // Offline use is a bonus: without a service worker the app still works online.
    });
}
