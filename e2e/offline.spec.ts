import { test, expect } from './fixtures';
import { LABS } from '../src/labs/registry';
import { startStaticHost } from './static-host';

test.use({ serviceWorkers: 'allow' });

test('after one visit the app opens every lab with the network gone', async ({
  page,
  context,
  log,
}) => {
  // The one request below that must fail (the probe) is logged by the browser as an error.
  log.expectErrors(/net::ERR_FAILED/);
  await page.goto('./');
  await page.waitForFunction(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active !== null && navigator.serviceWorker.controller !== null;
  });
  await context.setOffline(true);
  // Really offline: something the app never cached cannot be fetched.
  const probe = await page.evaluate(() =>
    fetch('./not-cached-' + Date.now()).then(
      () => 'fetched',
      () => 'failed',
    ),
  );
  expect(probe).toBe('failed');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Security Playground' })).toBeVisible();
  for (const lab of LABS) {
    await page.goto(`./#/${lab.id}`);
    await expect(page.getByRole('heading', { level: 1, name: lab.title })).toBeVisible();
    await expect(page.getByText(/stopped with an error/)).toHaveCount(0);
  }
  // The hashes lab still computes (its worker came from the cache too).
  await page.goto('./#/hashes?input=abc');
  await expect(page.getByLabel('SHA-256 digest')).toHaveText(
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  );
  expect(log.errors.filter((e) => /ERR_FAILED/.test(e))).toHaveLength(1);
});

test('on a static host that sends no headers, the service worker makes the page cross-origin isolated', async ({
  browser,
}) => {
  // A plain static file server (no COOP/COEP headers), as on many hosts.
  const host = await startStaticHost();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${host.origin}/#/hashes`);
    // The first load is not isolated; the service worker adds the headers and reloads once.
    await expect
      .poll(() => page.evaluate(() => window.crossOriginIsolated).catch(() => false), {
        timeout: 20_000,
      })
      .toBe(true);
    await expect
      .poll(() =>
        page
          .evaluate(() => sessionStorage.getItem('security-playground:coi-reload'))
          .catch(() => null),
      )
      .toBe('1');
    await expect(
      page.getByRole('heading', { level: 1, name: 'Hashes and integrity' }),
    ).toBeVisible();
  } finally {
    await context.close();
    host.stop();
  }
});
