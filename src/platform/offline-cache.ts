/**
 * The offline cache's rules, apart from the service worker's event wiring (service-worker.ts) so
 * they can be tested in Node: what the build wrote (a SHA-256 per file), how a request maps to a
 * built file, and how a file is served only when its bytes are the ones the build wrote.
 *
 * The list of hashes is compiled into sw.js itself. The browser keeps a service worker's script
 * apart from everything a page can write, whereas CacheStorage is open to any script of the
 * origin: so the list is the trust anchor and the cache is only a copy that is checked on every
 * use. A copy that does not match is fetched again from the server, checked, and put back; a body
 * that does not match is never served.
 */

/** What one build wrote: each file (path relative to the app's root) and its SHA-256 in hex. */
export interface BuildManifest {
  version: string;
  files: Record<string, string>;
  /**
   * Files cached on first use instead of at install (Pyodide's 13 MB, which most visits never
   * need): checked against their hash like every file, whenever they are served.
   */
  onDemand?: string[];
  /**
   * Frame documents served with `Content-Security-Policy: sandbox allow-scripts`: the Python
   * sandbox frame. Chromium never lets a service worker serve a frame that has the `sandbox`
   * attribute, so offline the page loads it without the attribute, and this header gives the
   * document its opaque origin instead (CSP3 `sandbox`, the same flags as the attribute).
   */
  sandboxed?: string[];
}

/** The policy header that sandboxes a frame document served from the cache. */
export const SANDBOX_POLICY = 'sandbox allow-scripts';

export interface BuiltFile {
  path: string;
  bytes: Uint8Array;
}

/** The part of the Cache API the service worker uses (a fake in tests). */
export interface CacheLike {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
}

export type FetchLike = (request: Request) => Promise<Response>;

export const CACHE_PREFIX = 'security-playground-';

/** The page itself: what a navigation to the app's root is served. */
export const SHELL = 'index.html';

export function cacheName(manifest: BuildManifest): string {
  return CACHE_PREFIX + manifest.version;
}

export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The manifest of a build. Paths are sorted, so the same files give the same manifest; the
 * version is derived from every path and hash, so any changed byte gives a new version (and a new
 * cache name).
 */
export async function createManifest(
  files: readonly BuiltFile[],
  onDemandFolders: readonly string[] = [],
  sandboxedPaths: readonly string[] = [],
): Promise<BuildManifest> {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const entries: Record<string, string> = {};
  for (const file of sorted) {
    const segments = file.path.split('/');
    if (file.path.includes('\\') || segments.some((s) => s === '' || s === '.' || s === '..'))
      throw new Error(`Not a relative path inside the build: ${file.path}`);
    if (file.path in entries) throw new Error(`Listed twice: ${file.path}`);
    entries[file.path] = await sha256Hex(file.bytes);
  }
  if (!(SHELL in entries)) throw new Error(`The build has no ${SHELL}.`);
  const version = (await sha256Hex(new TextEncoder().encode(JSON.stringify(entries)))).slice(0, 16);
  const onDemand = Object.keys(entries).filter((path) =>
    onDemandFolders.some((folder) => path.startsWith(folder)),
  );
  const sandboxed = sandboxedPaths.filter((path) => path in entries);
  return {
    version,
    files: entries,
    ...(onDemand.length ? { onDemand } : {}),
    ...(sandboxed.length ? { sandboxed } : {}),
  };
}

/**
 * The built file a URL names, or null when it names none (another origin, outside the app, or a
 * file this build did not write). The app's root, with any query, is the page (index.html).
 */
export function builtFileFor(manifest: BuildManifest, url: URL, scope: URL): string | null {
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.slice(scope.pathname.length));
  } catch {
    return null;
  }
  if (path === '') path = SHELL;
  return Object.hasOwn(manifest.files, path) ? path : null;
}

export type Checked =
  | { ok: true; body: ArrayBuffer; contentType: string; from: 'cache' | 'network' }
  | { ok: false; reason: string };

/**
 * One built file, with its bytes checked against the manifest: the cached copy when it matches,
 * else the server's copy when that matches (and the cache is repaired with it), else a refusal.
 */
export async function loadChecked(
  cache: CacheLike,
  manifest: BuildManifest,
  path: string,
  scope: URL,
  fetchFromNetwork: FetchLike,
): Promise<Checked> {
  const expected = manifest.files[path];
  if (expected === undefined) return { ok: false, reason: `${path} is not part of this build.` };
  const url = new URL(path, scope).href;
  const cached = await cache.match(new Request(url));
  if (cached?.status === 200) {
    const body = await cached.arrayBuffer();
    if ((await sha256Hex(body)) === expected)
      return {
        ok: true,
        body,
        contentType: cached.headers.get('Content-Type') ?? '',
        from: 'cache',
      };
  }
  let fresh: Response;
  try {
    // 'no-cache': revalidate with the server rather than trust the HTTP cache's copy.
    fresh = await fetchFromNetwork(new Request(url, { cache: 'no-cache' }));
  } catch {
    return {
      ok: false,
      reason: `${path}: the offline copy is ${cached ? 'altered' : 'missing'} and the network is unreachable.`,
    };
  }
  if (fresh.status !== 200)
    return { ok: false, reason: `${path}: the server answered ${fresh.status}.` };
  const body = await fresh.arrayBuffer();
  if ((await sha256Hex(body)) !== expected)
    return { ok: false, reason: `${path}: the server sent bytes that this version did not build.` };
  const contentType = fresh.headers.get('Content-Type') ?? '';
  await cache.put(
    new Request(url),
    new Response(body, {
      status: 200,
      headers: contentType ? { 'Content-Type': contentType } : {},
    }),
  );
  return { ok: true, body, contentType, from: 'network' };
}

/**
 * Which of `paths` the cache cannot serve offline: not there, or bytes this build did not write.
 * (A page asks the service worker before it says "Python is available offline".)
 */
export async function missingOffline(
  cache: CacheLike,
  manifest: BuildManifest,
  paths: readonly string[],
  scope: URL,
): Promise<string[]> {
  const missing: string[] = [];
  for (const path of paths) {
    const expected = manifest.files[path];
    const cached =
      expected === undefined ? undefined : await cache.match(new Request(new URL(path, scope)));
    if (cached?.status !== 200 || (await sha256Hex(await cached.arrayBuffer())) !== expected)
      missing.push(path);
  }
  return missing;
}

/** The message a page sends the service worker (with a MessagePort) to ask what is missing. */
export const OFFLINE_STATUS = 'offline-status';

/** Fills the cache with every built file but the on-demand ones, each checked; fails (and so does the install) on any mismatch. */
export async function precache(
  cache: CacheLike,
  manifest: BuildManifest,
  scope: URL,
  fetchFromNetwork: FetchLike,
): Promise<void> {
  const onDemand = new Set(manifest.onDemand ?? []);
  const results = await Promise.all(
    Object.keys(manifest.files)
      .filter((path) => !onDemand.has(path))
      .map((path) => loadChecked(cache, manifest, path, scope, fetchFromNetwork)),
  );
  const failed = results.flatMap((result) => (result.ok ? [] : [result.reason]));
  if (failed.length > 0) throw new Error(`Not cached for offline use: ${failed.join(' ')}`);
}

/**
 * COOP + COEP make the page cross-origin isolated where the host sends no headers (the technique
 * of coi-serviceworker). CORP is same-origin for the app's files, and cross-origin for the page
 * itself, so a course page that requires CORP of its frames (COEP: require-corp) can embed it.
 */
export function isolationHeaders(headers: Headers, isPage: boolean): Headers {
  const out = new Headers(headers);
  out.set('Cross-Origin-Opener-Policy', 'same-origin');
  out.set('Cross-Origin-Embedder-Policy', 'require-corp');
  out.set('Cross-Origin-Resource-Policy', isPage ? 'cross-origin' : 'same-origin');
  return out;
}

/** Is `path` a frame document that must be sandboxed by its header (BuildManifest.sandboxed)? */
export function isSandboxed(manifest: BuildManifest, path: string): boolean {
  return manifest.sandboxed?.includes(path) ?? false;
}

/**
 * The response for a checked file, or a refusal that says why (the unchecked body is never sent).
 * A sandboxed document gets its sandbox header either way, so not even a refusal opens as a
 * document of the app's origin inside the page.
 */
export function respondChecked(checked: Checked, isPage: boolean, sandboxed = false): Response {
  const sandbox = (headers: Headers) => {
    if (sandboxed) headers.set('Content-Security-Policy', SANDBOX_POLICY);
    return headers;
  };
  if (!checked.ok)
    return new Response(
      `Security Playground refused to serve this file: ${checked.reason} Reload when the network is back; if this persists, close every tab of the app and open it again.`,
      {
        status: 503,
        statusText: 'Integrity check failed',
        headers: sandbox(
          isolationHeaders(
            new Headers({
              'Content-Type': 'text/plain; charset=utf-8',
              'Cache-Control': 'no-store',
            }),
            isPage,
          ),
        ),
      },
    );
  const headers = new Headers(checked.contentType ? { 'Content-Type': checked.contentType } : {});
  return new Response(checked.body, {
    status: 200,
    headers: sandbox(isolationHeaders(headers, isPage)),
  });
}
