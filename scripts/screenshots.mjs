#!/usr/bin/env node
// `npm run screenshots`: builds the app if needed, serves it, and regenerates the README's
// screenshots (docs/*.png) with the same Chromium the tests use.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = 4391;
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find(
  (p) => p && existsSync(p),
);

spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], {
  cwd: root,
});
try {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
  });
  const shots = [
    ['hashes?pair=md5&suffix=%20and%20then%20some', 'screenshot.png'],
    [
      'timing',
      'timing.png',
      async () => {
        await page.getByRole('button', { name: 'Run the demo' }).click();
        await page.getByText('Tag recovered: the server accepted the forged tag').waitFor();
        await page
          .getByText('Tag recovered: the server accepted the forged tag')
          .evaluate((e) => e.scrollIntoView({ block: 'start' }));
        await page.evaluate(() => window.scrollBy(0, -16));
      },
    ],
  ];
  // The challenges as a learner who has been at it a while sees them (progress is per browser).
  const progress = {
    format: 'security-playground/challenge-progress',
    version: 1,
    challenges: {
      'hashes/md5-collision-suffix': {
        solved: true,
        shown: false,
        attempts: 2,
        hintsUsed: 1,
        timeMs: 380000,
      },
      'length-extension/known-length': {
        solved: true,
        shown: false,
        attempts: 3,
        hintsUsed: 2,
        timeMs: 910000,
      },
      'length-extension/unknown-length': {
        solved: false,
        shown: false,
        attempts: 1,
        hintsUsed: 1,
        timeMs: 240000,
      },
      'randomness/next-reset-key': {
        solved: false,
        shown: true,
        attempts: 1,
        hintsUsed: 3,
        timeMs: 600000,
      },
    },
  };
  shots.push(
    [
      'challenges',
      'challenges.png',
      async () => {
        await page.evaluate((text) => {
          localStorage.setItem('security-playground:challenge-progress', text);
          window.dispatchEvent(new Event('security-playground:progress'));
        }, JSON.stringify(progress));
      },
      { fullPage: true },
    ],
    [
      'challenges/length-extension/unknown-length',
      'challenge.png',
      async () => {
        const json = page.getByLabel('Instance as JSON');
        await page.waitForFunction(() =>
          document.querySelector('[aria-label="Instance as JSON"]')?.textContent?.includes('{'),
        );
        const pub = JSON.parse(await json.textContent());
        await page
          .getByLabel('Message', { exact: true })
          .fill(Buffer.from(pub.message + pub.append).toString('hex'));
        await page.getByLabel('Tag (hex)').fill(pub.tag);
        await page.getByRole('button', { name: 'Check', exact: true }).click();
        await page.getByRole('region', { name: 'Verdict' }).waitFor();
        await page.getByRole('button', { name: /^Show hint / }).click();
      },
      { fullPage: true },
    ],
  );
  for (const [route, file, prepare, options] of shots) {
    if (process.env.SHOTS && !process.env.SHOTS.split(',').includes(file)) continue;
    await page.goto(`http://localhost:${port}/#/${route}`);
    await page.waitForLoadState('networkidle');
    if (prepare) await prepare();
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(root, 'docs', file), ...options });
    console.log(`wrote docs/${file}`);
  }
  await browser.close();
} finally {
  server.kill();
}
process.exit(0);
