/**
 * The service worker: the app offline after one visit, only ever from the bytes this build wrote,
 * and cross-origin isolated on hosts that send no headers. scripts/vite-plugins.ts bundles this
 * file into sw.js with the build's manifest (BUILD_MANIFEST) compiled in; the rules are in
 * offline-cache.ts.
 *
 * The lifecycle keeps open tabs working across a deploy. A new version installs into its own
 * cache and then waits (no skipWaiting on install): the version that served the open tabs stays in
 * charge, with its cache and its own list of hashes, until the last of those tabs closes, or until
 * a tab's "A new version is ready — reload" is pressed (the 'skip-waiting' message). Only then does
 * the new version activate and delete older caches, which it could not check anyway: its list
 * knows only its own files. A tab still open on the old version at that point finds its lazily
 * loaded code gone and says so, with a reload, rather than failing.
 *
 * The page is served from the cache first (checked like every file), so a tab always gets a page
 * whose files are all in the cache of the worker that controls it. On the first visit nothing
 * waits: the worker activates at once and claims the page, whose one reload then makes it
 * cross-origin isolated (register-service-worker.ts).
 */
import {
  CACHE_PREFIX,
  builtFileFor,
  cacheName,
  isSandboxed,
  isolationHeaders,
  loadChecked,
  missingOffline,
  OFFLINE_STATUS,
  precache,
  respondChecked,
  type BuildManifest,
} from './offline-cache';

declare const BUILD_MANIFEST: BuildManifest;

// The few service-worker types used here (the project's TypeScript config has the DOM library,
// not WebWorker's, and the two conflict).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
}
interface ServiceWorkerScope {
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}

const worker = self as unknown as ServiceWorkerScope;
const manifest = BUILD_MANIFEST;
const scope = new URL(worker.registration.scope);
const cache = cacheName(manifest);

worker.addEventListener('install', (event) => {
  event.waitUntil(caches.open(cache).then((opened) => precache(opened, manifest, scope, fetch)));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith(CACHE_PREFIX) && key !== cache)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener('message', (event) => {
  const data = event.data as { type?: unknown } | null;
  if (data?.type === 'skip-waiting') event.waitUntil(worker.skipWaiting());
  // Which on-demand files (Pyodide's) and sandboxed frames cannot be served offline yet: the
  // answer goes to the port the page sent, as { missing: string[] }.
  const port = (event as unknown as { ports?: readonly MessagePort[] }).ports?.[0];
  if (data?.type === OFFLINE_STATUS && port)
    event.waitUntil(
      caches
        .open(cache)
        .then((opened) =>
          missingOffline(
            opened,
            manifest,
            [...(manifest.onDemand ?? []), ...(manifest.sandboxed ?? [])],
            scope,
          ),
        )
        .then((missing) => port.postMessage({ missing })),
    );
});

function passThrough(response: Response, isPage: boolean): Response {
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect')
    return response;
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: isolationHeaders(response.headers, isPage),
  });
}

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return;
  const isPage = request.mode === 'navigate';
  const path = builtFileFor(manifest, url, scope);
  if (path === null) {
    // Not a file of this build (an address outside the app, say): the network, isolated.
    event.respondWith(fetch(request).then((response) => passThrough(response, isPage)));
    return;
  }
  event.respondWith(
    caches
      .open(cache)
      .then((opened) => loadChecked(opened, manifest, path, scope, fetch))
      .then((checked) => respondChecked(checked, isPage, isSandboxed(manifest, path))),
  );
});
