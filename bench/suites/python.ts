/**
 * Real Python (issue 17, item 5): CPython (Pyodide) ready in Chromium on first use from
 * localhost (a fresh profile: the files come from the preview server through the service worker)
 * and from a warm cache (the page reloaded: the files come from the service worker's cache), each
 * timed from the click on "Load it in real Python" to the verdict on screen; and the
 * `pickle-load` CLI on a small pickle as a whole process. Reported against the budgets.
 */
import { spawnSync } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { figure, timeRuns, type Figure, type Suite } from '../lib';
import { CHROMIUM, startPreview } from '../server';

const SUITE = 'python';
// pickle.dumps of a __reduce__ payload calling posix.system('id') (CPython 3.11, protocol 4).
const PAYLOAD_HEX =
  '8004951d000000000000008c05706f736978948c0673797374656d9493948c02696494859452942e';

/** Milliseconds from the click to the verdict, Python started in a fresh sandbox. */
async function timeLoad(page: Page): Promise<number> {
  const python = page.getByRole('group', { name: 'Load it in real Python' });
  const button = python.getByRole('button', { name: 'Load it in real Python' });
  // Enabled once the service worker controls the page (the first visit waits for it).
  await button.click({ trial: true, timeout: 60_000 });
  const start = await page.evaluate(() => performance.now());
  await button.click();
  await python
    .getByText('✓ Real Python did what the symbolic loader predicted')
    .waitFor({ timeout: 120_000 });
  return (await page.evaluate(() => performance.now())) - start;
}

export const pythonSuite: Suite = {
  name: SUITE,
  async run(ctx) {
    const figures: Figure[] = [];
    const runs = Math.max(2, Math.round(5 * ctx.scale));

    const cliArgs = ['scripts/cli.mjs', 'pickle-load', '--hex', PAYLOAD_HEX, '--json'];
    spawnSync(process.execPath, cliArgs); // builds the bundle if needed
    const cli = await timeRuns(
      () => {
        const result = spawnSync(process.execPath, cliArgs, { encoding: 'utf8' });
        if (result.status !== 0 || !result.stdout.includes('"os.system"'))
          throw new Error(result.stderr || result.stdout);
      },
      runs,
      1,
    );
    figures.push(
      figure(
        SUITE,
        "CLI pickle-load, posix.system('id') pickle, whole process",
        'ms',
        cli,
        'lower',
        {
          max: 3000,
          text: '< 3 s',
        },
      ),
    );

    const server = await startPreview(4396);
    try {
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      const url = `${server.url}#/untrusted-data?pickle=${encodeURIComponent(Buffer.from(PAYLOAD_HEX, 'hex').toString('base64'))}`;
      const first: number[] = [];
      const warm: number[] = [];
      for (let i = 0; i < runs; i++) {
        // A fresh profile: nothing cached, the service worker installs on this visit.
        const context = await browser.newContext({ serviceWorkers: 'allow' });
        const page = await context.newPage();
        await page.goto(url);
        first.push(await timeLoad(page));
        ctx.log(`first use ${Math.round(first.at(-1)!)} ms`);
        await page.reload();
        warm.push(await timeLoad(page));
        ctx.log(`warm cache ${Math.round(warm.at(-1)!)} ms`);
        await context.close();
      }
      await browser.close();
      figures.push(
        figure(
          SUITE,
          'Python ready in Chromium, first use from localhost',
          'ms',
          first,
          'lower',
          { max: 15_000, text: '< 15 s' },
          'click to verdict: download 12.9 MB, start CPython, pickle.loads',
        ),
      );
      figures.push(
        figure(
          SUITE,
          'Python ready in Chromium, warm cache (page reloaded)',
          'ms',
          warm,
          'lower',
          { max: 4000, text: '< 4 s' },
          'click to verdict: files from the worker’s cache, CPython restored from its snapshot',
        ),
      );
    } finally {
      server.stop();
    }
    return figures;
  },
};
