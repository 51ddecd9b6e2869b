/**
 * The timing challenge solved by a script, as a learner writes it: `async function attack(oracle)`
 * typed into the page, run in the app's sandbox, each oracle call answered by the challenge's
 * worker from the instance's session. The instance comes from a seed in the address, so the run
 * is the same every time; the tag the script found is judged again by the instructor's CLI,
 * which re-makes the secret from the seed without the page. Also: a wrong tag refused with its
 * reason, a script that throws, loops or reaches for the page, storage or network (on the preview
 * server and on a static host that sends no headers), Stop, and axe on the box after a run.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { startStaticHost } from './static-host';

const ID = 'timing/neighbouring-vm';
/** A seed for which the script below finds the tag within the budget (17 of 20 seeds do). */
const SEED = 'e2e-1';
const SANDBOX_FRAMES = 'iframe[name="security-playground-sandbox"]';

/**
 * The learner's attack, written here without the app's attack code: per byte, every candidate
 * timed 48 times, the 12 slowest (by median) 256 times more, the 3 slowest 1,024 times more; the
 * last byte is found by handing in its 256 candidates, since only the verdict tells it.
 */
const SOLVING_SCRIPT = `async function attack(oracle) {
  const n = oracle.tagBytes;
  const hex = (b) => b.toString(16).padStart(2, '0');
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  let prefix = '';
  for (let position = 0; position < n - 1; position++) {
    const rest = '00'.repeat(n - position - 1);
    let candidates = Array.from({ length: 256 }, (_, c) => c);
    const samples = new Map(candidates.map((c) => [c, []]));
    for (const [repeat, keep] of [[48, 12], [256, 3], [1024, 1]]) {
      const ns = await oracle.timeBatch(candidates.map((c) => prefix + hex(c) + rest), repeat);
      candidates.forEach((c, i) => samples.get(c).push(...ns[i]));
      candidates = candidates
        .map((c) => [c, median(samples.get(c))])
        .sort((a, b) => b[1] - a[1])
        .slice(0, keep)
        .map(([c]) => c);
    }
    prefix += hex(candidates[0]);
    console.log('byte ' + position + ': ' + hex(candidates[0]) + ', ' + oracle.left() + ' left');
  }
  for (let c = 0; c < 256; c++) {
    const verdict = await oracle.submit(prefix + hex(c));
    if (verdict.solved) {
      console.log('tag: ' + prefix + hex(c));
      return;
    }
  }
}`;

async function openSeeded(page: Page) {
  await page.goto(`./#/challenges/${ID}?seed=${SEED}`);
  await expect(page.getByLabel('Instance as JSON')).toContainText('"tagBytes": 4');
  await expect(page.getByText(`Made from the seed “${SEED}” in the address`)).toBeVisible();
}

async function runScript(page: Page, code: string) {
  await page.getByLabel('Your attack script', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Run my attack' }).click();
}

const scriptRun = (page: Page) => page.getByRole('region', { name: 'Script run' });
const scriptOutput = (page: Page) => page.getByRole('region', { name: 'Script output' });
const verdict = (page: Page) => page.getByRole('region', { name: 'Verdict' });

test('a script that times the server byte by byte solves the neighbouring VM, and the CLI agrees', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await openSeeded(page);
  await expect(page.getByLabel('Status: New')).toBeVisible();
  // The editor starts with a script that runs.
  await expect(page.getByLabel('Your attack script', { exact: true })).toHaveValue(
    /async function attack\(oracle\)/,
  );
  await runScript(page, SOLVING_SCRIPT);
  await expect(verdict(page)).toContainText('✓ Accepted', { timeout: 240_000 });
  await expect(verdict(page)).toContainText('you never saw it');
  await expect(scriptRun(page)).toContainText('The script finished');
  await expect(page.getByLabel('Status: Solved')).toBeVisible();
  const printed = (await scriptOutput(page).textContent())!;
  const tag = /tag: ([0-9a-f]{8})/.exec(printed)![1]!;
  // The budget line shows what the script spent: well over the timings, under the budget.
  const used = Number(
    /; (\d+) used,/.exec((await page.getByText(/; \d+ used,/).textContent())!)![1],
  );
  expect(used).toBeGreaterThan(30_000);
  expect(used).toBeLessThan(100_000);
  // The instructor's CLI makes the same instance from the seed, with no page, and judges the tag.
  const file = testInfo.outputPath('answer.json');
  writeFileSync(file, JSON.stringify({ tag }));
  const judged = JSON.parse(
    execFileSync(
      'node',
      [
        'scripts/cli.mjs',
        'challenge',
        'check',
        '--id',
        ID,
        '--seed',
        SEED,
        '--answer-file',
        file,
        '--json',
      ],
      { encoding: 'utf8' },
    ),
  ) as { solved: boolean };
  expect(judged.solved).toBe(true);
  expect(await page.locator(SANDBOX_FRAMES).count()).toBe(0);
});

test('a wrong tag is refused with its reason; a malformed one makes the script fail with the server’s message', async ({
  page,
}) => {
  await openSeeded(page);
  await runScript(
    page,
    `async function attack(oracle) {
  const t = await oracle.time('00000000');
  console.log('one timing: ' + (typeof t) + ', ' + oracle.left() + ' left');
  await oracle.submit('00000000');
}`,
  );
  await expect(verdict(page)).toContainText('✗ Refused');
  await expect(verdict(page)).toContainText(
    'The server refuses this tag: it is not the one the server holds.',
  );
  await expect(scriptOutput(page)).toContainText('one timing: number, 99999 left');
  await expect(page.getByText('; 2 used, 99998 left.')).toBeVisible();
  await expect(page.getByLabel('Status: Attempted')).toBeVisible();

  await runScript(page, `async function attack(oracle) { await oracle.submit('zz'); }`);
  await expect(scriptRun(page)).toContainText('The script failed');
  await expect(scriptRun(page)).toContainText('Your script threw: Error: oracle.submit: tag:');
  await expect(page.getByText('; 2 used, 99998 left.')).toBeVisible();

  await runScript(page, `const attack = 1;`);
  await expect(scriptRun(page)).toContainText('Your script defines no function called attack');
  await runScript(page, `async function attack(oracle) { oracle.time('00'); `);
  await expect(scriptRun(page)).toContainText('Your script does not run: SyntaxError');
  await runScript(page, `async function attack(oracle) { await oracle.time('00000000'); }`);
  await expect(scriptRun(page)).toContainText('finished without handing in a tag');
  expect(await page.locator(SANDBOX_FRAMES).count()).toBe(0);
  // Each box once, after all those runs and verdicts.
  await expect(page.getByRole('region', { name: 'Ask the server' })).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Your attack, as a script' })).toHaveCount(1);
});

/** The hostile script's probes, reported with console.log. */
const probingScript = (listener: string) => `async function attack(oracle) {
  const seen = (f) => { try { return String(f()); } catch (e) { return 'refused (' + e.name + ')'; } };
  console.log('document: ' + typeof document + ', window: ' + typeof window + ', parent: ' + typeof parent);
  console.log('localStorage: ' + typeof localStorage + ', indexedDB: ' + seen(() => indexedDB) + ', caches: ' + seen(() => caches));
  console.log('origin: ' + self.origin);
  try { await fetch(${JSON.stringify(listener)} + '/fetch'); console.log('fetch: answered'); }
  catch (e) { console.log('fetch: ' + e.name); }
  console.log('xhr: ' + seen(() => { const x = new XMLHttpRequest(); x.open('GET', ${JSON.stringify(listener)} + '/xhr'); x.send(); return 'sent'; }));
  console.log('import: ' + seen(() => importScripts(${JSON.stringify(listener)} + '/import')));
  console.log('oracle: ' + Object.keys(oracle).sort().join(','));
}`;

async function expectContained(page: Page, listener: string, hits: string[]) {
  await page.evaluate(() => localStorage.setItem('planted-by-the-test', 'page secret'));
  await runScript(page, probingScript(listener));
  const output = scriptOutput(page);
  await expect(output).toContainText('document: undefined, window: undefined, parent: undefined');
  // caches is not even defined in an opaque origin's worker; where it is, the sandbox blanks it.
  await expect(output).toContainText(
    /localStorage: undefined, indexedDB: undefined, caches: (undefined|refused \(ReferenceError\))/,
  );
  await expect(output).toContainText('origin: null');
  await expect(output).toContainText('fetch: TypeError');
  await expect(output).toContainText('xhr: refused (TypeError)');
  await expect(output).toContainText('import: refused (TypeError)');
  // The oracle carries methods and the tag's length, nothing of the server's.
  await expect(output).toContainText('oracle: left,submit,tagBytes,time,timeBatch');
  await expect(output).toContainText('[refused] fetch');
  await expect(scriptRun(page)).toContainText('finished without handing in a tag');
  expect(hits).toEqual([]);
  expect(await page.evaluate(() => localStorage.getItem('planted-by-the-test'))).toBe(
    'page secret',
  );
}

async function startListener() {
  const hits: string[] = [];
  const server: Server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.end('stolen');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hits, stop: () => server.close() };
}

test('the script reaches neither the page, its storage nor the network', async ({ page }) => {
  const listener = await startListener();
  try {
    await openSeeded(page);
    await expectContained(page, listener.url, listener.hits);
  } finally {
    listener.stop();
  }
});

test('on a static host that sends no headers, the script is contained all the same', async ({
  browser,
}) => {
  const listener = await startListener();
  const host = await startStaticHost();
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${host.origin}/#/challenges/${ID}?seed=${SEED}`);
    await expect(page.getByLabel('Instance as JSON')).toContainText('"tagBytes": 4');
    await expectContained(page, listener.url, listener.hits);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    host.stop();
    listener.stop();
  }
});

test('the script box has no serious accessibility violation after a run, in light and dark', async ({
  page,
}) => {
  await openSeeded(page);
  await runScript(
    page,
    `async function attack(oracle) { console.log('hi'); await oracle.submit('00000000'); }`,
  );
  await expect(verdict(page)).toContainText('✗ Refused');
  await expect(scriptOutput(page)).toContainText('hi');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  }
});

test('an endless loop is stopped with a message, Stop ends a run, and the page stays usable', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openSeeded(page);
  await runScript(page, `async function attack(oracle) { for (;;) {} }`);
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  // While the script spins in its sandbox, the page answers: a hint opens.
  await page.getByRole('button', { name: 'Show hint 1 of 3' }).click();
  await expect(page.getByRole('region', { name: 'Hints' }).getByRole('listitem')).toHaveCount(1);
  await expect(scriptRun(page)).toContainText(
    'neither called the oracle nor finished for 15 s, so it was stopped',
    { timeout: 60_000 },
  );
  await expect(page.locator(SANDBOX_FRAMES)).toHaveCount(0);

  // A script that keeps asking until stopped: Stop ends it, the frame goes, the budget stops.
  await runScript(
    page,
    `async function attack(oracle) { for (;;) await oracle.time('00000000'); }`,
  );
  await expect(
    page.getByRole('progressbar', { name: 'Requests used by the script' }),
  ).toBeVisible();
  await expect(page.getByText(/; [1-9]\d* used,/)).toBeVisible();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(scriptRun(page)).toContainText('You stopped the script.');
  await expect(page.locator(SANDBOX_FRAMES)).toHaveCount(0);
  const line = page.getByText(/; \d+ used,/);
  const after = await line.textContent();
  await page.waitForTimeout(1000);
  await expect(line).toHaveText(after!);
  await expect(page.getByRole('button', { name: 'Run my attack' })).toBeEnabled();
});
