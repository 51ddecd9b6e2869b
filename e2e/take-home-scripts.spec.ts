/**
 * “Copy as a Python script” in every lab: the copied script holds the lab's current inputs, and,
 * run with python3 (or node), prints what the page shows.
 */
import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { runScriptOk } from '../scripts/run-exported-script';
import { test, expect } from './fixtures';

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

async function copy(page: Page, where: Locator, label: string): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await where.getByRole('button', { name: label }).click();
  const read = () => page.evaluate(() => navigator.clipboard.readText());
  await expect.poll(read).not.toBe('');
  return read();
}

const field = (output: string, label: string) =>
  new RegExp(`^${label}:\\s+(.*)$`, 'm').exec(output)?.[1];

test('length extension: Python and Node forge the tag the page forged, from its tag and inputs', async ({
  page,
}) => {
  await page.goto('./#/length-extension?scheme=sha256&secret=chosen&secretLength=20&tryMin=18');
  const serverTag = await page.getByLabel("Server's tag").innerText();
  expect(serverTag).toMatch(/^[0-9a-f]{64}$/);
  await page.getByRole('button', { name: 'Forge', exact: true }).click();
  const attack = page.getByRole('region', { name: 'The attack' });
  await expect(attack.getByText('Forgery accepted')).toBeVisible();
  const forgedTag = (await attack.getByText(/^Forged tag:/).innerText())
    .replace('Forged tag:', '')
    .trim();

  const python = await copy(page, attack, 'Copy as a Python script');
  expect(python).toContain(`TAG = bytes.fromhex('${serverTag}')`);
  expect(python).toContain("MESSAGE = b'user=alice&role=user'");
  expect(python).toContain("APPEND = b'&role=admin'");
  // One forgery per row of the tries table: lengths 18, 19 and the accepted 20.
  expect(python).toContain('SECRET_LENGTHS = range(18, 21)');
  const fromPython = runScriptOk('python', python);
  expect(fromPython.split(/^secret length:/m)).toHaveLength(4);
  expect(field(fromPython.split(/^secret length:\s+20$/m)[1]!, 'forged tag')).toBe(forgedTag);

  const node = await copy(page, attack, 'Copy as JavaScript');
  expect(node).toContain('const SECRET_LENGTHS = [18, 20];');
  const fromNode = runScriptOk('node', node);
  expect(field(fromNode.split(/^secret length:\s+20$/m)[1]!, 'forged tag')).toBe(forgedTag);
});

test('randomness: the clone script predicts the reset key the page predicted, from the same order numbers', async ({
  page,
}) => {
  await page.goto('./#/randomness?length=24');
  const section = page.getByRole('region', { name: 'Clone Python’s generator from 624 outputs' });
  await section.getByRole('button', { name: 'Collect 624 order numbers and attack' }).click();
  await expect(section.getByText('✓ Identical: predicted')).toBeVisible();
  const predicted = await section.locator('dd.digest').nth(0).innerText();
  const firstOrders = (await section.locator('p.mono').first().innerText()).split(', … ,')[0]!;

  const script = await copy(page, section, 'Copy as a Python script');
  expect(script).toContain(firstOrders.replaceAll(', ', ' '));
  expect(script).toContain("ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)'");
  expect(script).toContain('LENGTH = 24');
  expect(field(runScriptOk('python', script), 'next key')).toBe(predicted);
});

test('randomness: the seed-search script finds the seed the page found, for the victim’s key', async ({
  page,
}) => {
  await page.goto('./#/randomness?seeds=boot');
  const section = page.getByRole('region', { name: 'Time seeds: search every second' });
  const key = await section.locator('dd.digest').first().innerText();
  await section.getByRole('button', { name: 'Search the window' }).click();
  await expect(section.getByText('✓ Same key: found')).toBeVisible();
  const seed = /random\.seed\((\d+)\)/.exec(
    await section.getByText(/^random\.seed\(\d+\)/).innerText(),
  )![1];

  const script = await copy(page, section, 'Copy as a Python script');
  expect(script).toContain(`KEY = '${key.replace(/\s*Copy the key$/, '')}'`);
  expect(script).toContain('FIRST, LAST = 0, 600');
  expect(runScriptOk('python', script)).toBe(`seed found: ${seed}\n`);
});

test('timing: the attack script recovers the tag the page recovered, with the page’s settings', async ({
  page,
}) => {
  await page.goto('./#/timing?tagBytes=3&network=same-machine&perByte=250%20ns&seed=1');
  const attack = page.getByRole('region', { name: 'Attack a server that checks tags with ==' });
  await attack.getByRole('button', { name: 'Attack the server' }).click();
  await expect(
    attack.getByText('✗ Tag recovered: the server accepted the forged tag'),
  ).toBeVisible();
  const recovered = await attack
    .getByRole('definition')
    .filter({ hasText: /^[0-9a-f]{6}$/ })
    .first()
    .innerText();

  const script = await copy(page, attack, 'Copy as a Python script');
  expect(script).toContain(`TAG = bytes.fromhex('${recovered}')`);
  expect(script).toContain("COMPARE = 'early-exit'");
  expect(script).toContain('PER_BYTE_NS = 250.0 ');
  expect(script).toContain('JITTER_NS = 20.0 ');
  expect(script).toContain('BASE_NS = 15000.0 ');
  expect(field(runScriptOk('python', script), 'recovered')).toMatch(new RegExp(`^${recovered} `));
});

test('untrusted data: the payload script prints the builder’s bytes without loading them, and downloads', async ({
  page,
}) => {
  await page.goto('./#/untrusted-data');
  const builder = page.getByRole('region', { name: 'Build a payload' });
  await builder.getByLabel('Arguments (JSON array)').fill('["echo \'hi\'"]');
  await builder.getByRole('radio', { name: '4' }).check();
  const base64 = await builder.getByLabel('Payload as base64').innerText();

  const script = await copy(page, builder, 'Copy as a Python script');
  expect(script).toContain("MODULE, NAME = 'os', 'system'");
  expect(script).toContain(String.raw`ARGS = ('echo \'hi\'',)`);
  expect(script).toContain('PROTOCOL = 4');
  expect(runScriptOk('python', script).trim()).toBe(base64);

  const download = page.waitForEvent('download');
  await builder.getByRole('button', { name: 'Download .py' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('payload.py');
  expect(readFileSync(await file.path(), 'utf8')).toBe(script);
});
