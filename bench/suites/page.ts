/**
 * The page: what the first screen downloads (gzip bytes of the initial JS and CSS), how long until
 * the first lab is interactive, the longest main-thread task while each lab's guided demo runs,
 * and a Lighthouse run for performance and accessibility.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { LABS } from '../../src/labs/registry';
import { figure, type Figure, type Suite } from '../lib';
import { CHROMIUM, startPreview } from '../server';

const SUITE = 'page';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic'];

function initialBytes(): { js: number; css: number; files: string[] } {
  const html = readFileSync('dist/index.html', 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1]!,
  );
  let js = 0;
  let css = 0;
  for (const ref of refs) {
    const size = gzipSync(readFileSync(join('dist', ref)), { level: 9 }).length;
    if (ref.endsWith('.css')) css += size;
    else js += size;
  }
  return { js, css, files: refs };
}

export const pageSuite: Suite = {
  name: SUITE,
  async run(ctx) {
    const server = await startPreview(4399);
    const figures: Figure[] = [];
    try {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      const version = browser.version();
      const bytes = initialBytes();
      figures.push(
        figure(
          SUITE,
          'initial JS + CSS (gzip)',
          'KB',
          [(bytes.js + bytes.css) / 1024],
          'lower',
          { max: 200, text: '≤ 200 KB before any lab loads' },
          `browser Chromium ${version}`,
        ),
      );
      ctx.log(`initial files: ${bytes.files.join(', ')}`);

      const firstLab = LABS[0]!;
      const times: number[] = [];
      for (let i = 0; i < Math.max(3, Math.round(10 * ctx.scale)); i++) {
        const context = await browser.newContext({ serviceWorkers: 'block' });
        const page = await context.newPage();
        await page.goto(`${server.url}#/${firstLab.id}`);
        await page.getByRole('heading', { level: 1, name: firstLab.title }).waitFor();
        // Interactive: the lab's first input accepts typing and the page answers.
        await page.getByRole('textbox').first().fill('x');
        times.push(await page.evaluate(() => performance.now()));
        await context.close();
      }
      figures.push(
        figure(SUITE, `time to interactive (${firstLab.id}, localhost)`, 'ms', times, 'lower'),
      );

      for (const lab of LABS) {
        const context = await browser.newContext({
          serviceWorkers: 'block',
          viewport: { width: 1280, height: 800 },
        });
        const page = await context.newPage();
        await page.addInitScript(() => {
          (window as unknown as { __longTasks: number[] }).__longTasks = [];
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries())
              (window as unknown as { __longTasks: number[] }).__longTasks.push(entry.duration);
          }).observe({ type: 'longtask', buffered: true });
        });
        await page.goto(`${server.url}#/${lab.id}`);
        await page.getByRole('heading', { level: 1, name: lab.title }).waitFor();
        await page.waitForTimeout(500);
        // The default demo: the lab's guided steps, start to end, with their actions.
        await page.getByRole('button', { name: /Guided steps/ }).click();
        for (let step = 1; step < lab.steps.length; step++) {
          await page.waitForTimeout(1500);
          await page.getByRole('button', { name: 'Next →' }).click();
        }
        await page.waitForTimeout(3000);
        const longTasks = await page.evaluate(
          () => (window as unknown as { __longTasks: number[] }).__longTasks,
        );
        const longest = longTasks.length ? Math.max(...longTasks) : 0;
        figures.push(
          figure(
            SUITE,
            `longest main-thread task, ${lab.id} demo`,
            'ms',
            [longest],
            'lower',
            { max: 100, text: '< 100 ms' },
            `${longTasks.length} tasks over 50 ms`,
          ),
        );
        await context.close();
      }
      await browser.close();

      ctx.log('lighthouse (performance, accessibility)…');
      const out = join('bench', '.lighthouse.json');
      const run = spawnSync(
        process.execPath,
        [
          join('node_modules', 'lighthouse', 'cli', 'index.js'),
          `${server.url}#/${firstLab.id}`,
          `--chrome-path=${CHROMIUM}`,
          `--chrome-flags=--headless=new ${ARGS.join(' ')}`,
          '--only-categories=performance,accessibility',
          '--output=json',
          `--output-path=${out}`,
          '--quiet',
        ],
        { encoding: 'utf8', env: { ...process.env, CHROME_PATH: CHROMIUM } },
      );
      if (run.status === 0) {
        const report = JSON.parse(readFileSync(out, 'utf8'));
        rmSync(out);
        for (const id of ['performance', 'accessibility']) {
          figures.push(
            figure(
              SUITE,
              `Lighthouse ${id} score`,
              '/100',
              [Math.round(report.categories[id].score * 100)],
              'higher',
              undefined,
              `lighthouse ${report.lighthouseVersion}`,
            ),
          );
        }
      } else {
        ctx.log(`lighthouse failed: ${run.stderr.split('\n').slice(-5).join(' ')}`);
      }
    } finally {
      server.stop();
    }
    return figures;
  },
};
