import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, expect } from '@playwright/test';

// The single-file build (npm run build:single) opened straight from disk, as a file:// page.
test('the single-file build opens from file:// and the hashes lab works in it', async ({
  page,
}) => {
  const errors: string[] = [];
  const network: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => /^https?:/.test(r.url()) && network.push(r.url()));

  const url = pathToFileURL(resolve('dist-single/index.html')).href;
  await page.goto(`${url}#/hashes?input=abc`);
  await expect(page.getByRole('heading', { level: 1, name: 'Hashes and integrity' })).toBeVisible();
  // The digests come from the lab's worker, inlined into the one file as a blob: worker.
  await expect(page.getByLabel('SHA-256 digest')).toHaveText(
    createHash('sha256').update('abc').digest('hex'),
  );
  await page.getByLabel('Text to hash (UTF-8)').fill('single file');
  await expect(page.getByLabel('MD5 digest')).toHaveText(
    createHash('md5').update('single file').digest('hex'),
  );
  // Its CSP allows only its own inline script, by hash.
  const csp = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(csp).toMatch(/script-src 'self' blob: 'sha256-[A-Za-z0-9+/=]+'/);
  expect(csp).not.toContain("unsafe-inline'; worker");
  expect(network).toEqual([]);
  expect(errors).toEqual([]);
});

test('the timing lab measures and attacks from the single file too', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  const url = pathToFileURL(resolve('dist-single/index.html')).href;
  await page.goto(`${url}#/timing?tagBytes=4&seed=1`);
  await page.getByRole('button', { name: 'Run the demo' }).click();
  await expect(page.getByText('✗ Tag recovered: the server accepted the forged tag')).toBeVisible();
  await expect(page.getByText(/Timer step here/)).toBeVisible();
  expect(errors).toEqual([]);
});

test('the single file says that real Python needs the served app', async ({ page }) => {
  const url = pathToFileURL(resolve('dist-single/index.html')).href;
  await page.goto(`${url}#/untrusted-data`);
  const python = page
    .getByRole('region', { name: 'Inspect a pickle without loading it' })
    .getByRole('group', { name: 'Load it in real Python' });
  await expect(python.getByText(/^Python needs the served app/)).toBeVisible();
  await expect(python.getByRole('button', { name: 'Load it in real Python' })).toHaveCount(0);
});
