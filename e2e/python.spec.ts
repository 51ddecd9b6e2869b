/**
 * "Load it in real Python": CPython (Pyodide) runs the real pickle.loads in the Python sandbox, on
 * the preview server (which sends each file's policy as a header) and on a static host that sends
 * no header at all, where only the policies in the files hold. The page itself may never compile
 * WebAssembly; the Python frame may, and may neither fetch nor read the app's storage.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { startStaticHost } from './static-host';

const HOSTS = ['preview server', 'header-less static host'] as const;

// The lab's sample "Session data (a dict)" and its pickle.dumps of a __reduce__ payload calling
// posix.system('id') (CPython 3.11, protocol 4).
const SESSION_HEX =
  '80049525000000000000007d94288c046e616d65948c05616c696365948c03616765944b1e8c0561646d696e9489752e';
const PAYLOAD_HEX =
  '8004951d000000000000008c05706f736978948c0673797374656d9493948c02696494859452942e';
const base64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const WASM_HEADER = [0, 97, 115, 109, 1, 0, 0, 0];

/** Opens the lab with `hex` in the inspector and loads it in real Python. */
async function loadInPython(page: Page, origin: string, hex: string) {
  await page.goto(`${origin}/#/untrusted-data?pickle=${encodeURIComponent(base64(hex))}`);
  const section = page.getByRole('region', { name: 'Inspect a pickle without loading it' });
  const python = section.getByRole('group', { name: 'Load it in real Python' });
  await python.getByRole('button', { name: 'Load it in real Python' }).click();
  // Downloading and starting CPython takes seconds, and more on a busy machine.
  await expect(
    python.getByText(/Python did what the symbolic loader predicted|difference/),
  ).toBeVisible({
    timeout: 60_000,
  });
  return python;
}

async function pageWasmError(page: Page): Promise<string> {
  return page.evaluate(async (header) => {
    try {
      await WebAssembly.compile(new Uint8Array(header));
      return 'compiled';
    } catch (error) {
      return String(error);
    }
  }, WASM_HEADER);
}

for (const host of HOSTS) {
  test.describe(host, () => {
    test('a data pickle and an os.system payload, in real CPython, agree with the prediction', async ({
      browser,
      baseURL,
    }) => {
      test.setTimeout(120_000);
      const server = host === 'preview server' ? null : await startStaticHost();
      const origin = server ? server.origin : new URL(baseURL!).origin;
      const context = await browser.newContext({ serviceWorkers: 'block' });
      const page = await context.newPage();
      const foreign: string[] = [];
      context.on('request', (request) => {
        const url = request.url();
        if (!/^(data|blob|about):/.test(url) && new URL(url).origin !== origin) foreign.push(url);
      });
      try {
        const data = await loadInPython(page, origin, SESSION_HEX);
        await expect(
          data.getByText('✓ Real Python did what the symbolic loader predicted'),
        ).toBeVisible();
        await expect(data.getByText('No audit event: it only built values.')).toBeVisible();
        await expect(
          data.getByText("returned {'name': 'alice', 'age': 30, 'admin': False}"),
        ).toBeVisible();
        // The first Python of this browser starts the long way, and leaves a snapshot for the next.
        await expect(data.getByText(/^Python 3\.14\.\d+, started from scratch$/)).toBeVisible();

        const payload = await loadInPython(page, origin, PAYLOAD_HEX);
        await expect(
          payload.getByText('✓ Real Python did what the symbolic loader predicted'),
        ).toBeVisible();
        // Restored from it, the interpreter records and refuses exactly what a fresh one does.
        await expect(
          payload.getByText(/^Python 3\.14\.\d+, restored from the snapshot this browser keeps$/),
        ).toBeVisible();
        const rows = payload.getByRole('row');
        await expect(rows.nth(1)).toHaveText(
          /^1pickle\.find_class\("posix", "system"\) allowedpickle\.find_class\("posix", "system"\) allowedsame$/,
        );
        await expect(rows.nth(2)).toHaveText(
          /^2os\.system\("id"\) refusedos\.system\("id"\) refusedsame$/,
        );
        await expect(
          payload.getByText('raised PermissionError: os.system was refused by the audit hook'),
        ).toBeVisible();
        await expect(payload.getByText('Differences')).toHaveCount(0);

        // The page, whose policy never has 'wasm-unsafe-eval', still cannot compile WebAssembly.
        expect(await pageWasmError(page)).toMatch(/^CompileError: .*Content Security/);
        expect(foreign).toEqual([]);
      } finally {
        await context.close();
        server?.stop();
      }
    });
  });
}

test('the Python frame may run WebAssembly, and may neither fetch nor read the app’s storage', async ({
  page,
  log,
}) => {
  log.expectErrors(/Content Security Policy|wasm-unsafe-eval|Refused to connect|Failed to fetch/);
  await page.goto('./#/untrusted-data');
  await page.evaluate(() => localStorage.setItem('security-playground-probe', 'secret'));
  await page.evaluate(() => {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.name = 'python-probe';
    frame.src = 'sandbox-python.html';
    document.body.append(frame);
  });
  await expect
    .poll(() => page.frame({ name: 'python-probe' })?.url() ?? '')
    .toMatch(/sandbox-python\.html$/);
  const frame = page.frame({ name: 'python-probe' })!;
  await frame.waitForLoadState();
  expect(
    await page.evaluate(
      () => document.querySelector<HTMLIFrameElement>('iframe[name=python-probe]')!.contentDocument,
    ),
  ).toBeNull();
  const inside = await frame.evaluate(async (header) => {
    const out: Record<string, string> = { origin: self.origin };
    try {
      await WebAssembly.compile(new Uint8Array(header));
      out.wasm = 'compiled';
    } catch (error) {
      out.wasm = String(error);
    }
    try {
      out.storage = String(localStorage.getItem('security-playground-probe'));
    } catch (error) {
      out.storage = (error as Error).name;
    }
    try {
      await fetch('./index.html');
      out.fetch = 'fetched';
    } catch (error) {
      out.fetch = (error as Error).name;
    }
    return out;
  }, WASM_HEADER);
  expect(inside).toEqual({
    origin: 'null',
    wasm: 'compiled',
    storage: 'SecurityError',
    fetch: 'TypeError',
  });
  expect(await pageWasmError(page)).toMatch(/^CompileError: .*Content Security/);
});

test('under the service worker (a static host, cross-origin isolated by it), Python loads, twice', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const server = await startStaticHost();
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  try {
    const page = await context.newPage();
    await page.goto(
      `${server.origin}/#/untrusted-data?pickle=${encodeURIComponent(base64(PAYLOAD_HEX))}`,
    );
    await expect
      .poll(
        () =>
          page
            .evaluate(
              () => navigator.serviceWorker.controller !== null && window.crossOriginIsolated,
            )
            .catch(() => false),
        { timeout: 60_000 },
      )
      .toBe(true);
    const section = page.getByRole('region', { name: 'Inspect a pickle without loading it' });
    const python = section.getByRole('group', { name: 'Load it in real Python' });
    const verdict = python.getByText(/Python did what the symbolic loader predicted|difference/);
    await python.getByRole('button', { name: 'Load it in real Python' }).click();
    await expect(verdict).toBeVisible({ timeout: 90_000 });
    await expect(
      python.getByText('✓ Real Python did what the symbolic loader predicted'),
    ).toBeVisible();
    await expect(python.getByRole('row').nth(2)).toContainText('os.system("id") refused');
    // Another input, as a learner types it: a fresh sandbox, the files from memory.
    await section.getByLabel('Pickle bytes (base64)').fill(base64(SESSION_HEX));
    await expect(verdict).toHaveCount(0);
    await python.getByRole('button', { name: 'Load it in real Python' }).click();
    await expect(verdict).toBeVisible({ timeout: 90_000 });
    await expect(python.getByText('No audit event: it only built values.')).toBeVisible();
  } finally {
    await context.close();
    server.stop();
  }
});

test('a damaged snapshot in the browser’s cache is refused: Python starts from scratch and replaces it', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const origin = new URL(baseURL!).origin;
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const first = await loadInPython(page, origin, PAYLOAD_HEX);
    await expect(first.getByText(/, started from scratch$/)).toBeVisible();
    // Anything of the origin could write this cache: fill the kept snapshot with other bytes.
    const damaged = await page.evaluate(async () => {
      const cache = await caches.open('security-playground-python-snapshot');
      // The page stores the snapshot just after the answer; wait for it to be there.
      for (let i = 0; i < 100 && (await cache.keys()).length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 100));
      const keys = await cache.keys();
      for (const key of keys) await cache.put(key, new Response(new Uint8Array(4 << 20).fill(7)));
      return keys.length;
    });
    expect(damaged).toBe(1);

    // A reload reads the damaged copy and hands it to the sandbox, which refuses it.
    await page.reload();
    const refused = await loadInPython(page, origin, PAYLOAD_HEX);
    await expect(refused.getByText(/, started from scratch$/)).toBeVisible();
    await expect(
      refused.getByText('✓ Real Python did what the symbolic loader predicted'),
    ).toBeVisible();
    await expect(refused.getByRole('row').nth(2)).toContainText('os.system("id") refused');
    // And the new snapshot it made replaced the damaged one.
    const again = await loadInPython(page, origin, SESSION_HEX);
    await expect(again.getByText(/, restored from the snapshot this browser keeps$/)).toBeVisible();
    await expect(again.getByText('No audit event: it only built values.')).toBeVisible();
  } finally {
    await context.close();
  }
});

/** Inside a Python frame loaded as the app loads it under the service worker: what it may do. */
async function probePythonFrame(page: Page) {
  await page.evaluate(() => localStorage.setItem('security-playground-probe', 'secret'));
  const opaque = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        // No sandbox attribute: the service worker's header alone must make it opaque.
        const frame = document.createElement('iframe');
        frame.name = 'python-probe';
        frame.src = 'sandbox-python.html';
        frame.addEventListener('load', () => resolve(frame.contentDocument === null), {
          once: true,
        });
        document.body.append(frame);
      }),
  );
  const frame = page.frame({ name: 'python-probe' })!;
  const inside = await frame.evaluate(async (header) => {
    const out: Record<string, string> = { origin: self.origin };
    try {
      await WebAssembly.compile(new Uint8Array(header));
      out.wasm = 'compiled';
    } catch (error) {
      out.wasm = String(error);
    }
    try {
      out.storage = String(localStorage.getItem('security-playground-probe'));
    } catch (error) {
      out.storage = (error as Error).name;
    }
    try {
      await fetch('./index.html');
      out.fetch = 'fetched';
    } catch (error) {
      out.fetch = (error as Error).name;
    }
    return out;
  }, WASM_HEADER);
  await page.evaluate(() => document.querySelector('iframe[name=python-probe]')?.remove());
  return { opaque, ...inside };
}

// On the preview server Python is cached by its first use; on the header-less host by the button,
// pressed as soon as the page lets it be (the first visit reloads once for isolation: the buttons
// wait for it, so no click is lost).
for (const host of HOSTS) {
  const how = host === 'preview server' ? 'first use' : '“Make Python available offline”';
  test(`${host}: after ${how}, with the network gone, real Python still loads a posix.system('id') pickle`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(300_000);
    const server = host === 'preview server' ? null : await startStaticHost();
    const origin = server ? server.origin : new URL(baseURL!).origin;
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    const foreign: string[] = [];
    context.on('request', (request) => {
      const url = request.url();
      if (!/^(data|blob|about):/.test(url) && new URL(url).origin !== origin) foreign.push(url);
    });
    try {
      const page = await context.newPage();
      await page.goto(
        `${origin}/#/untrusted-data?pickle=${encodeURIComponent(base64(PAYLOAD_HEX))}`,
      );
      const section = page.getByRole('region', { name: 'Inspect a pickle without loading it' });
      const python = section.getByRole('group', { name: 'Load it in real Python' });
      const load = python.getByRole('button', { name: 'Load it in real Python' });
      const verdict = python.getByText(/Python did what the symbolic loader predicted|difference/);
      const offlineReady = python.getByText(/^✓ Python is available offline/);
      if (server) {
        // Clicked as soon as it is enabled: Playwright waits while the page says it will reload.
        await python.getByRole('button', { name: 'Make Python available offline' }).click();
        await expect(
          python.getByRole('progressbar', { name: 'Caching Python for offline use' }),
        ).toBeVisible();
        await expect(offlineReady).toBeVisible({ timeout: 120_000 });
        await expect(
          python.getByRole('button', { name: 'Make Python available offline' }),
        ).toHaveCount(0);
      } else {
        await load.click();
        await expect(verdict).toBeVisible({ timeout: 120_000 });
        await expect(offlineReady).toBeVisible();
      }
      expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);

      // The network goes: the browser is offline, and the static host is stopped.
      await context.setOffline(true);
      server?.stop();
      await page.reload();
      await expect(offlineReady).toBeVisible();
      await load.click();
      await expect(verdict).toBeVisible({ timeout: 120_000 });
      await expect(
        python.getByText('✓ Real Python did what the symbolic loader predicted'),
      ).toBeVisible();
      await expect(python.getByRole('row').nth(2)).toHaveText(
        /^2os\.system\("id"\) refusedos\.system\("id"\) refusedsame$/,
      );
      await expect(
        python.getByText('raised PermissionError: os.system was refused by the audit hook'),
      ).toBeVisible();

      // The frame the service worker served from its cache is still a sandbox.
      expect(await probePythonFrame(page)).toEqual({
        opaque: true,
        origin: 'null',
        wasm: 'compiled',
        storage: 'SecurityError',
        fetch: 'TypeError',
      });
      expect(await pageWasmError(page)).toMatch(/^CompileError: .*Content Security/);
      expect(foreign).toEqual([]);
    } finally {
      await context.close();
      server?.stop();
    }
  });
}
