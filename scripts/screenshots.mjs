#!/usr/bin/env node
// `npm run screenshots`: builds the app if needed, serves it, and regenerates the README's
// screenshot (docs/screenshot.png) with the same Chromium the tests use.
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
  for (const [route, file, prepare] of shots) {
    await page.goto(`http://localhost:${port}/#/${route}`);
    await page.waitForLoadState('networkidle');
    if (prepare) await prepare();
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(root, 'docs', file) });
    console.log(`wrote docs/${file}`);
  }
  await browser.close();
} finally {
  server.kill();
}
process.exit(0);
