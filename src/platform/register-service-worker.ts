/**
 * Registers the offline service worker (production builds served over http(s) only). Where the
 * host did not send COOP/COEP, the worker adds them; one reload then makes the page cross-origin
 * isolated (the timing lab's finer clock). The reload happens at most once per session, and never
 * inside an iframe, where isolation also depends on the parent page.
 */
const RELOADED = 'security-playground:coi-reload';

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

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(window.location.protocol)) return;
  navigator.serviceWorker
    .register('./sw.js')
    .then(async () => {
      await navigator.serviceWorker.ready;
      if (navigator.serviceWorker.controller) reloadOnceForIsolation();
      else
        navigator.serviceWorker.addEventListener('controllerchange', reloadOnceForIsolation, {
          once: true,
        });
    })
    .catch(() => {
      // Offline use is a bonus: without a service worker the app still works online.
    });
}
