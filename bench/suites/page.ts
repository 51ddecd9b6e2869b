/**
 * The page: what the first screen downloads (gzip bytes of the initial JS and CSS), how long until
 * the first lab is interactive, the longest main-thread task while each lab runs its guided steps
 * in presenter mode at 4× CPU slowdown (presenter-demo.ts), and a Lighthouse run for performance
 * and accessibility. BENCH_PORT sets the preview server's port (4399), BENCH_LABS=a,b measures
 * only those labs' steps, BENCH_LIGHTHOUSE=0 skips Lighthouse, BENCH_PROFILE=1 prints where
 * the time of each task over 200 ms went.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { LABS } from '../../src/labs/registry';
import { figure, type Figure, type Suite } from '../lib';
import { CHROMIUM, startPreview } from '../server';
import { CPU_SLOWDOWN, runPresenterDemo } from './presenter-demo';

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
    const server = await startPreview(Number(process.env.BENCH_PORT ?? 4399));
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

      // BENCH_LABS=code,timing measures only those labs (while chasing one lab's long tasks).
      const chosen = process.env.BENCH_LABS?.split(',');
      const runs = Math.max(1, Math.round(3 * ctx.scale));
      for (const lab of LABS.filter((l) => !chosen || chosen.includes(l.id))) {
        const samples: number[] = [];
        const phases = new Set<string>();
        const unsettled = new Set<number>();
        let tasks = 0;
        for (let run = 0; run < runs; run++) {
          const result = await runPresenterDemo(
            browser,
            server.url,
            lab,
            process.env.BENCH_PROFILE === '1',
          );
          for (const line of result.hot ?? []) ctx.log(`  ${line}`);
          ctx.log(
            `  longest: ${result.top.map((t) => `${t.duration.toFixed(0)} ms (${t.phase.split(' “')[0]})`).join(', ')}`,
          );
          const longest = result.longest?.duration ?? 0;
          samples.push(longest);
          tasks += result.count;
          if (result.longest) phases.add(result.longest.phase);
          for (const step of result.unsettled) unsettled.add(step);
          ctx.log(
            `${lab.id} run ${run + 1}: longest ${longest.toFixed(0)} ms in ${result.longest?.phase ?? '-'}, ` +
              `${result.count} tasks over 50 ms, ${(result.wallMs / 1000).toFixed(0)} s` +
              (result.unsettled.length ? `, steps that never settled: ${result.unsettled}` : ''),
          );
        }
        figures.push(
          figure(
            SUITE,
            `longest main-thread task, ${lab.id}, presenter steps at ${CPU_SLOWDOWN}× CPU slowdown`,
            'ms',
            samples,
            'lower',
            { max: 200, text: '≤ 200 ms' },
            `${(tasks / runs).toFixed(1)} tasks over 50 ms a run; longest in ${[...phases].join(' / ')}` +
              (unsettled.size ? `; still busy after 60 s: step ${[...unsettled].join(', ')}` : ''),
          ),
        );
      }
      await browser.close();

      if (process.env.BENCH_LIGHTHOUSE === '0') return figures;
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
