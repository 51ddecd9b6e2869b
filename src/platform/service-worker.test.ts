/**
 * The generated sw.js, run in a Node VM with an in-memory CacheStorage and a fake static host: the
 * build step lists what it should, and the worker's events do what service-worker.ts promises.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeServiceWorker } from '../../scripts/vite-plugins';
import type { BuildManifest } from './offline-cache';

const ORIGIN = 'https://playground.example';
const SCOPE = `${ORIGIN}/app/`;
const BUILT: Record<string, string> = {
  'index.html': '<!doctype html><script type="module" src="./assets/index-abc.js"></script>',
  'assets/index-abc.js': 'console.log("genuine");',
  'assets/lab-def.js': 'export default "lab";',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};

type Listener = (event: unknown) => void;

class MemoryCache {
  readonly entries = new Map<string, { body: ArrayBuffer; status: number; type: string }>();
  async match(request: Request) {
    const entry = this.entries.get(new Request(request).url);
    if (!entry) return undefined;
    return new Response(entry.body.slice(0), {
      status: entry.status,
      headers: { 'Content-Type': entry.type },
    });
  }
  async put(request: Request, response: Response) {
    this.entries.set(request.url, {
      body: await response.arrayBuffer(),
      status: response.status,
      type: response.headers.get('Content-Type') ?? '',
    });
  }
}

/** One worker instance over `files` on the host; `caches` may be shared with an earlier one. */
function startWorker(source: string, files: Record<string, string>, caches = new Map()) {
  const listeners = new Map<string, Listener[]>();
  const calls = { skipWaiting: 0, claim: 0, requests: [] as string[] };
  const fetchFromHost = async (input: { url: string } | string) => {
    const url = typeof input === 'string' ? input : input.url;
    calls.requests.push(url);
    const path = url.startsWith(SCOPE) ? url.slice(SCOPE.length).split('?')[0]! : null;
    const text = path === null ? undefined : files[path === '' ? 'index.html' : path];
    return text === undefined
      ? new Response('not found', { status: 404 })
      : new Response(text, { headers: { 'Content-Type': 'text/plain' } });
  };
  const cacheStorage = {
    async open(name: string) {
      if (!caches.has(name)) caches.set(name, new MemoryCache());
      return caches.get(name)!;
    },
    async keys() {
      return [...caches.keys()];
    },
    async delete(name: string) {
      return caches.delete(name);
    },
  };
  const self = {
    registration: { scope: SCOPE },
    clients: { claim: async () => void calls.claim++ },
    skipWaiting: async () => void calls.skipWaiting++,
    addEventListener: (type: string, listener: Listener) =>
      listeners.set(type, [...(listeners.get(type) ?? []), listener]),
  };
  const context = createContext({
    self,
    caches: cacheStorage,
    fetch: fetchFromHost,
    Request,
    Response,
    Headers,
    URL,
    crypto,
    TextEncoder,
    TextDecoder,
  });
  runInContext(source, context);

  async function extendable(type: string, fields: object = {}) {
    const pending: Promise<unknown>[] = [];
    for (const listener of listeners.get(type) ?? [])
      listener({ ...fields, waitUntil: (p: Promise<unknown>) => pending.push(p) });
    await Promise.all(pending);
  }
  /** The worker's response to a request, or null when it leaves the request to the browser. */
  async function request(url: string, init: { mode?: string; method?: string } = {}) {
    let answer = null as Promise<Response> | null;
    const event = {
      request: {
        url,
        method: init.method ?? 'GET',
        mode: init.mode ?? 'cors',
      },
      respondWith: (p: Promise<Response>) => (answer = p),
      waitUntil: () => {},
    };
    for (const listener of listeners.get('fetch') ?? []) listener(event);
    return answer ? await answer : null;
  }
  return { calls, caches, extendable, request };
}

let dir: string;
let source: string;
let manifest: BuildManifest;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-test-'));
  mkdirSync(join(dir, 'assets'));
  for (const [path, text] of Object.entries(BUILT)) writeFileSync(join(dir, path), text);
  writeFileSync(join(dir, '_headers'), '/*\n  X-Content-Type-Options: nosniff\n');
  manifest = await writeServiceWorker(dir);
  source = readFileSync(join(dir, 'sw.js'), 'utf8');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeServiceWorker', () => {
  it('compiles into sw.js the SHA-256 of every built file, and of nothing else', () => {
    expect(Object.keys(manifest.files).sort()).toEqual(Object.keys(BUILT).sort());
    for (const [path, text] of Object.entries(BUILT))
      expect(manifest.files[path]).toBe(createHash('sha256').update(text).digest('hex'));
    expect(source).toContain(JSON.stringify(manifest.version));
    for (const hash of Object.values(manifest.files)) expect(source).toContain(hash);
  });
});

describe('the generated service worker', () => {
  it('installs by caching every file, then waits instead of taking over open tabs', async () => {
    const worker = startWorker(source, BUILT);
    await worker.extendable('install');
    const cache = worker.caches.get(`security-playground-${manifest.version}`) as MemoryCache;
    expect([...cache.entries.keys()].sort()).toEqual(
      Object.keys(BUILT)
        .map((path) => SCOPE + path)
        .sort(),
    );
    expect(worker.calls.skipWaiting).toBe(0);
  });

  it('fails to install when the host serves bytes this build did not write', async () => {
    const worker = startWorker(source, { ...BUILT, 'assets/lab-def.js': 'export default "x";' });
    await expect(worker.extendable('install')).rejects.toThrow(/assets\/lab-def\.js/);
  });

  it('takes over only when asked, and on activation drops older versions’ caches only', async () => {
    const caches = new Map<string, unknown>([
      ['security-playground-0123456789abcdef', new MemoryCache()],
      ['someone-else', new MemoryCache()],
    ]);
    const worker = startWorker(source, BUILT, caches);
    await worker.extendable('install');
    await worker.extendable('message', { data: { type: 'hello' } });
    expect(worker.calls.skipWaiting).toBe(0);
    await worker.extendable('message', { data: { type: 'skip-waiting' } });
    expect(worker.calls.skipWaiting).toBe(1);
    await worker.extendable('activate');
    expect(new Set(caches.keys())).toEqual(
      new Set(['someone-else', `security-playground-${manifest.version}`]),
    );
    expect(worker.calls.claim).toBe(1);
  });

  it('serves the genuine file when the cached copy was altered, and repairs the cache', async () => {
    const worker = startWorker(source, BUILT);
    await worker.extendable('install');
    const cache = worker.caches.get(`security-playground-${manifest.version}`) as MemoryCache;
    const url = `${SCOPE}assets/index-abc.js`;
    await cache.put(new Request(url), new Response('globalThis.pwned = true;'));
    worker.calls.requests.length = 0;
    const response = await worker.request(url);
    expect(await response!.text()).toBe(BUILT['assets/index-abc.js']);
    expect(worker.calls.requests).toEqual([url]);
    expect(await (await cache.match(new Request(url)))!.text()).toBe(BUILT['assets/index-abc.js']);
    // Served from the cache again, now that it matches.
    worker.calls.requests.length = 0;
    expect(await (await worker.request(url))!.text()).toBe(BUILT['assets/index-abc.js']);
    expect(worker.calls.requests).toEqual([]);
  });

  it('serves the page from the cache for any address of the app, embeddable by other origins', async () => {
    const worker = startWorker(source, BUILT);
    await worker.extendable('install');
    worker.calls.requests.length = 0;
    const page = await worker.request(`${SCOPE}?theme=dark`, { mode: 'navigate' });
    expect(await page!.text()).toBe(BUILT['index.html']);
    expect(page!.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(page!.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    expect(worker.calls.requests).toEqual([]);
  });

  it('says which of Python’s files it cannot serve offline, and serves the Python frame sandboxed by its header', async () => {
    const pythonDir = mkdtempSync(join(tmpdir(), 'sw-python-test-'));
    const built = {
      ...BUILT,
      'sandbox-python.html': '<!doctype html><script>bootstrap</script>',
      'pyodide/pyodide.asm.wasm': 'wasm bytes',
    };
    try {
      mkdirSync(join(pythonDir, 'assets'));
      mkdirSync(join(pythonDir, 'pyodide'));
      for (const [path, text] of Object.entries(built)) writeFileSync(join(pythonDir, path), text);
      await writeServiceWorker(pythonDir);
      const worker = startWorker(readFileSync(join(pythonDir, 'sw.js'), 'utf8'), built);
      await worker.extendable('install');
      const status = async () => {
        const channel = new MessageChannel();
        const answer = new Promise<unknown>((resolve) => {
          channel.port1.onmessage = (event) => resolve(event.data);
        });
        await worker.extendable('message', {
          data: { type: 'offline-status' },
          ports: [channel.port2],
        });
        const data = await answer;
        channel.port1.close();
        return data;
      };
      expect(await status()).toEqual({ missing: ['pyodide/pyodide.asm.wasm'] });
      await worker.request(`${SCOPE}pyodide/pyodide.asm.wasm`);
      expect(await status()).toEqual({ missing: [] });
      const frame = await worker.request(`${SCOPE}sandbox-python.html`, { mode: 'navigate' });
      expect(frame!.headers.get('Content-Security-Policy')).toBe('sandbox allow-scripts');
      const page = await worker.request(`${SCOPE}index.html`, { mode: 'navigate' });
      expect(page!.headers.get('Content-Security-Policy')).toBeNull();
    } finally {
      rmSync(pythonDir, { recursive: true, force: true });
    }
  });

  it('leaves other origins and other methods alone, and passes other addresses to the host', async () => {
    const worker = startWorker(source, BUILT);
    await worker.extendable('install');
    expect(await worker.request('https://elsewhere.example/app/index.html')).toBeNull();
    expect(await worker.request(`${SCOPE}assets/index-abc.js`, { method: 'POST' })).toBeNull();
    const missing = await worker.request(`${SCOPE}assets/not-built.js`);
    expect(missing!.status).toBe(404);
    expect(missing!.headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
  });
});
