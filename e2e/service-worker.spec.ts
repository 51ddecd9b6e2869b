/**
 * The offline cache on a static host that sends no headers (python3 http.server): it serves only
 * the bytes the build wrote, a deploy does not break a tab that is open, and the policies the app
 * is served with are the tightened ones.
 */
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { findLab } from '../src/labs/registry';
import { startStaticHost } from './static-host';
import { hostHeaders, metaPolicy, writeServiceWorker } from '../scripts/vite-plugins';
import { sandboxFrameHash } from '../scripts/vite-sandbox';
import { PYTHON_FRAME, pythonFrameHeaderPolicy } from '../scripts/vite-python';

/** The README's command that writes the built policy as an nginx line (see "Deploying"). */
/** The README's command that writes a rule's policy from dist/_headers as an nginx line. */
const nginxPolicyCommand = (path: string) =>
  `sed -n '/^\\/${path}$/,/^\\//s/^  Content-Security-Policy: \\(.*\\)$/add_header Content-Security-Policy "\\1" always;/p' dist/_headers`;
const NGINX_POLICY_COMMAND = nginxPolicyCommand('index.html');
const NGINX_POLICY_FILE = 'security-playground-csp.conf';
const NGINX_PYTHON_COMMAND = nginxPolicyCommand('sandbox-python.html');
const NGINX_PYTHON_FILE = 'security-playground-python-csp.conf';

const HASHES = findLab('hashes')!.title;
const TIMING = findLab('timing')!.title;
const RANDOMNESS = findLab('randomness')!.title;

/** Opens the app and waits until the service worker controls it and the page is isolated. */
async function openControlled(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect
    .poll(
      () =>
        page
          .evaluate(() => navigator.serviceWorker.controller !== null && window.crossOriginIsolated)
          .catch(() => false),
      { timeout: 60_000 },
    )
    .toBe(true);
}

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...values] = part.split(/\s+/);
        return [name!, values.join(' ')] as const;
      }),
  );
}

function openLab(page: Page, title: string) {
  return page.getByRole('navigation', { name: 'Labs' }).getByRole('link', { name: title }).click();
}

test('a cached file altered by a script is never served: the genuine code runs and the cache is repaired', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const host = await startStaticHost();
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  try {
    const page = await context.newPage();
    await openControlled(page, `${host.origin}/#/hashes`);
    await expect(page.getByRole('heading', { level: 1, name: HASHES })).toBeVisible();

    // What a script of the origin could do (the poisoning the issue describes): rewrite the cached
    // page, the entry script and the lab's lazily loaded code.
    const altered = await page.evaluate(async () => {
      const name = (await caches.keys()).find((key) => key.startsWith('security-playground-'))!;
      const cache = await caches.open(name);
      const urls = (await cache.keys()).map((request) => request.url);
      const entry = document.querySelector<HTMLScriptElement>('script[type="module"][src]')!.src;
      const panel = urls.find((url) => /\/assets\/HashesPanel-[^/]+\.js$/.test(url))!;
      const shell = urls.find((url) => url.endsWith('/index.html'))!;
      const js = { headers: { 'Content-Type': 'text/javascript' } };
      await cache.put(
        entry,
        new Response(
          "globalThis.__tampered = 'entry'; document.body.innerHTML = '<h1>Tampered</h1>';",
          js,
        ),
      );
      await cache.put(
        panel,
        new Response(
          "globalThis.__tampered = 'panel'; export default function Panel() { return null; }",
          js,
        ),
      );
      const genuineShell = await (await cache.match(shell))!.text();
      await cache.put(
        shell,
        new Response(
          genuineShell
            .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
            .replace('<head>', '<head><script>globalThis.__tampered = "page";</script>'),
          { headers: { 'Content-Type': 'text/html' } },
        ),
      );
      const check = await (await cache.match(entry))!.text();
      return { urls: [entry, panel, shell], check };
    });
    expect(altered.check).toContain('__tampered');

    // A new load of the page (a query makes it one), which asks the worker for all three files.
    await page.goto(`${host.origin}/?after=tampering#/hashes?input=abc`);
    await expect(page.getByRole('heading', { level: 1, name: HASHES })).toBeVisible();
    await expect(page.getByLabel('SHA-256 digest')).toHaveText(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    await expect(page.getByRole('heading', { name: 'Tampered' })).toHaveCount(0);
    expect(await page.evaluate(() => (globalThis as { __tampered?: string }).__tampered)).toBe(
      undefined,
    );

    // Each entry now holds the built file again, byte for byte.
    const cached = await page.evaluate(async (urls) => {
      const name = (await caches.keys()).find((key) => key.startsWith('security-playground-'))!;
      const cache = await caches.open(name);
      return Promise.all(urls.map(async (url) => (await cache.match(url))!.text()));
    }, altered.urls);
    altered.urls.forEach((url, i) => {
      expect(cached[i]).toBe(readFileSync(join('dist', new URL(url).pathname), 'utf8'));
    });
  } finally {
    await context.close();
    host.stop();
  }
});

test('a deploy while tabs are open: the open tab still opens labs; after the switch a stale tab offers a reload', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const site = mkdtempSync(join(tmpdir(), 'security-playground-deploy-'));
  cpSync('dist', site, { recursive: true });
  const host = await startStaticHost(site);
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  try {
    const first = await context.newPage();
    await openControlled(first, `${host.origin}/#/hashes`);
    const second = await context.newPage();
    await openControlled(second, `${host.origin}/#/hashes`);
    await expect(second.getByRole('heading', { level: 1, name: HASHES })).toBeVisible();

    // The next version: two labs' code changed (their old chunks are gone from the server), and
    // the page differs. sw.js is written the way the build writes it.
    const assets = join(site, 'assets');
    const gone = readdirSync(assets).filter((name) =>
      /^(TimingPanel|RandomnessPanel)-[^.]+\.js$/.test(name),
    );
    expect(gone).toHaveLength(2);
    for (const name of gone) rmSync(join(assets, name));
    const index = join(site, 'index.html');
    writeFileSync(
      index,
      readFileSync(index, 'utf8').replace(
        '</head>',
        '<meta name="deployed" content="next"></head>',
      ),
    );
    const next = await writeServiceWorker(site);

    // Browsers look for a new sw.js on navigation and now and then; the test asks at once.
    await first.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())!.update();
    });
    await expect(first.getByRole('status').getByText('A new version is ready —')).toBeVisible({
      timeout: 60_000,
    });
    // The new version waits: both versions' caches are kept while the old one has tabs.
    const keys = await first.evaluate(() => caches.keys());
    expect(keys).toContain(`security-playground-${next.version}`);
    expect(keys.filter((key) => key.startsWith('security-playground-'))).toHaveLength(2);

    // The open tab moves to a lab whose code only the old version has: it opens, from the cache.
    await openLab(first, TIMING);
    await expect(first.getByRole('heading', { level: 1, name: TIMING })).toBeVisible();
    await expect(first.getByRole('button', { name: 'Run the demo' })).toBeVisible();
    await expect(first.getByText(/stopped with an error/)).toHaveCount(0);

    // Pressing "reload" switches this tab to the new version.
    await first.getByRole('button', { name: 'reload', exact: true }).click();
    await expect(first.locator('meta[name="deployed"]')).toHaveCount(1, { timeout: 60_000 });
    await openLab(first, HASHES);
    await expect(first.getByRole('heading', { level: 1, name: HASHES })).toBeVisible();
    await expect
      .poll(() =>
        first.evaluate(async () =>
          (await caches.keys()).filter((key) => key.startsWith('security-playground-')),
        ),
      )
      .toEqual([`security-playground-${next.version}`]);

    // The other tab is still the old page, now without its version's files anywhere: it says so.
    await expect(second.getByRole('status').getByText('A new version is ready —')).toBeVisible();
    await openLab(second, RANDOMNESS);
    await expect(
      second
        .getByRole('alert')
        .getByText(`A new version is ready — reload to open the ${RANDOMNESS} lab.`),
    ).toBeVisible();
    await expect(second.getByText(/stopped with an error/)).toHaveCount(0);
    await second.getByRole('alert').getByRole('button', { name: 'Reload' }).click();
    await expect(second.locator('meta[name="deployed"]')).toHaveCount(1, { timeout: 60_000 });
  } finally {
    await context.close();
    host.stop();
    rmSync(site, { recursive: true, force: true });
  }
});

test('as served: the tightened policy, in the page and in the hosts’ header file, and CORP per file', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const host = await startStaticHost();
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  try {
    const served = await (await fetch(`${host.origin}/`)).text();
    const policy = metaPolicy(served);
    const csp = directives(policy);
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('media-src')).toBe("'none'");
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    // The sandbox frame's inline bootstrap, allowed by its hash (the frame inherits this policy).
    expect(csp.get('script-src')!.split(' ')).toContain(sandboxFrameHash());
    // The build's header file carries the same policy, and the README gives it to nginx.
    const headers = readFileSync('dist/_headers', 'utf8');
    expect(headers).toBe(
      hostHeaders(
        policy,
        readdirSync('dist').filter((name) => statSync(join('dist', name)).isFile()),
        { path: PYTHON_FRAME, policy: pythonFrameHeaderPolicy() },
      ),
    );
    expect(headers).toContain(`  Content-Security-Policy: ${policy}\n`);
    // The policy carries the sandbox frame's script hash, which changes with that script, so the
    // README has nginx take it from dist/_headers at each deploy: its command, run here, must
    // write exactly the built policy, and its nginx block must include what it writes.
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain(`${NGINX_POLICY_COMMAND} > /etc/nginx/snippets/${NGINX_POLICY_FILE}`);
    expect(readme).toContain(`    include snippets/${NGINX_POLICY_FILE};\n`);
    expect(execFileSync('sh', ['-c', NGINX_POLICY_COMMAND], { encoding: 'utf8' })).toBe(
      `add_header Content-Security-Policy "${policy}" always;\n`,
    );
    // The Python sandbox frame has a policy of its own, the only one with 'wasm-unsafe-eval'.
    expect(policy).not.toContain('wasm-unsafe-eval');
    expect(readme).toContain(`${NGINX_PYTHON_COMMAND} > /etc/nginx/snippets/${NGINX_PYTHON_FILE}`);
    expect(readme).toContain(`        include snippets/${NGINX_PYTHON_FILE};\n`);
    expect(execFileSync('sh', ['-c', NGINX_PYTHON_COMMAND], { encoding: 'utf8' })).toBe(
      `add_header Content-Security-Policy "${pythonFrameHeaderPolicy()}" always;\n`,
    );

    // Through the service worker, the page may be embedded by other origins; its files may not.
    const page = await context.newPage();
    await openControlled(page, `${host.origin}/#/hashes`);
    const response = await page.reload();
    expect(response!.fromServiceWorker()).toBe(true);
    expect(await response!.headerValue('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    const asset = await page.evaluate(async () => {
      const src = document.querySelector<HTMLScriptElement>('script[type="module"][src]')!.src;
      return (await fetch(src)).headers.get('Cross-Origin-Resource-Policy');
    });
    expect(asset).toBe('same-origin');
  } finally {
    await context.close();
    host.stop();
  }
});

test('a course page that requires CORP of what it embeds (COEP) can embed a lab', async ({
  context,
  request,
  baseURL,
}) => {
  expect((await request.get('./')).headers()['cross-origin-resource-policy']).toBe('cross-origin');
  expect((await request.get('./favicon.svg')).headers()['cross-origin-resource-policy']).toBe(
    'same-origin',
  );
  // The course lives on another site (127.0.0.1 is not localhost) and sends COEP: require-corp.
  const labUrl = new URL('./#/embed/hashes?input=abc', baseURL).href;
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/html',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    res.end(`<!doctype html><title>Course</title><h1>Course notes</h1>
      <iframe src="${labUrl}" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const course = await context.newPage();
  try {
    await course.goto(`http://127.0.0.1:${port}/course.html`);
    expect(await course.evaluate(() => window.crossOriginIsolated)).toBe(true);
    const frame = course.frameLocator('iframe');
    await expect(frame.getByRole('heading', { level: 1, name: HASHES })).toBeVisible();
    await expect(frame.getByLabel('SHA-256 digest')).toHaveText(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  } finally {
    await course.close();
    server.close();
  }
});
