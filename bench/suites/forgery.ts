/**
 * Forgery: the length-extension attack over a secret-length range of 0–128, (1) in Node against
 * the victim core, (2) end to end in the browser against the worker victim through the lab's own
 * page, and (3) as a whole CLI process (Node start-up included) next to a bare `node -e ''`.
 */
import { spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { forgeRange, attackSecretLengths } from '../../src/labs/length-extension/core/index';
import { VictimServer } from '../../src/labs/length-extension/core/victim';
import { bytesToHex, utf8ToBytes } from '../../src/core/bytes';
import { figure, timeRuns, type Figure, type Suite } from '../lib';
import { CHROMIUM, startPreview } from '../server';

const SUITE = 'forgery';

export const forgerySuite: Suite = {
  name: SUITE,
  async run(ctx) {
    const figures: Figure[] = [];
    const runs = Math.max(5, Math.round(20 * ctx.scale));

    // (1) Core: a victim with a 128-byte secret (the last length tried), every length 0..128.
    const secret = crypto.getRandomValues(new Uint8Array(128));
    const victim = await VictimServer.start({
      scheme: 'sha256',
      secret,
      preset: 'api',
      subtle: crypto.subtle,
    });
    const request = {
      algorithm: 'sha256' as const,
      tag: victim.tag,
      message: victim.message,
      append: utf8ToBytes('&role=admin'),
      minSecretLength: 0,
      maxSecretLength: 128,
    };
    let accepted = false;
    const core = await timeRuns(async () => {
      const outcome = await attackSecretLengths(
        request,
        async (m, t) => (await victim.verify(m, t)).accepted,
      );
      accepted = outcome.ok && outcome.value.accepted !== null;
    }, runs);
    figures.push(
      figure(
        SUITE,
        'range 0–128 vs victim core (Node, 129 verifies)',
        'ms',
        core,
        'lower',
        undefined,
        accepted ? 'forgery accepted' : 'NOT accepted',
      ),
    );

    const forgeOnly = await timeRuns(() => forgeRange(request), runs);
    figures.push(figure(SUITE, 'forge 129 candidates, no verify (Node)', 'ms', forgeOnly, 'lower'));

    // (3) The CLI as a whole process, same range, and Node's bare start-up for comparison.
    const tag = bytesToHex(victim.tag);
    const cliArgs = [
      'scripts/cli.mjs',
      'forge',
      '--algorithm',
      'sha256',
      '--signature',
      tag,
      '--data',
      'user=alice&role=user',
      '--append',
      '&role=admin',
      '--secret-min',
      '0',
      '--secret-max',
      '128',
      '--json',
    ];
    spawnSync(process.execPath, cliArgs); // builds the bundle if needed
    const cli = await timeRuns(
      () => {
        const result = spawnSync(process.execPath, cliArgs, { encoding: 'utf8' });
        if (result.status !== 0) throw new Error(result.stderr);
      },
      runs,
      1,
    );
    const bare = await timeRuns(() => spawnSync(process.execPath, ['-e', '']), runs, 1);
    figures.push(
      figure(
        SUITE,
        'CLI forge range 0–128, whole process',
        'ms',
        cli,
        'lower',
        undefined,
        'hash_extender (C) does such a range in about 2–3 ms',
      ),
    );
    figures.push(figure(SUITE, "bare Node start-up (node -e '')", 'ms', bare, 'lower'));
    figures.push(
      figure(
        SUITE,
        'CLI time beyond Node start-up',
        'ms',
        cli.map((t, i) => t - bare[i]!),
        'lower',
      ),
    );

    // (2) End to end in the browser: the lab's worker victim, driven through the page.
    const server = await startPreview(4398);
    try {
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      const times: number[] = [];
      for (let i = 0; i < Math.max(3, Math.round(8 * ctx.scale)); i++) {
        const page = await browser.newPage();
        await page.goto(
          `${server.url}#/length-extension?scheme=sha256&secret=chosen&secretLength=128&tryMin=0&tryMax=128`,
        );
        await page
          .getByLabel("Server's tag")
          .filter({ hasText: /^[0-9a-f]{64}$/ })
          .waitFor();
        const start = await page.evaluate(() => performance.now());
        await page.getByRole('button', { name: 'Forge', exact: true }).click();
        await page.getByText('Forgery accepted').waitFor({ timeout: 60_000 });
        times.push((await page.evaluate(() => performance.now())) - start);
        await page.close();
      }
      await browser.close();
      figures.push(
        figure(
          SUITE,
          'range 0–128 vs worker victim, end to end in Chromium',
          'ms',
          times,
          'lower',
          undefined,
          'click to "accepted" on screen',
        ),
      );
    } finally {
      server.stop();
    }
    return figures;
  },
};
