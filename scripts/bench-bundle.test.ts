/**
 * `npm run bench` bundles bench/ with its own esbuild set-up (scripts/bench.mjs), outside Vite, so
 * a module it cannot bundle or evaluate (a new virtual module, a new `?worker` import) breaks the
 * bench without breaking any other check; this happened twice. Bundle it and load every suite.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

// Inside the project, where the bundle's external packages resolve from node_modules.
const outfile = join('dist-bench', `smoke-${process.pid}.mjs`);
afterAll(() => {
  // esbuild writes the bundle's CSS beside it.
  for (const file of [outfile, outfile.replace(/\.mjs$/, '.css')]) rmSync(file, { force: true });
});

it('the bench bundles, and its bundle loads every suite', () => {
  const run = spawnSync(process.execPath, ['scripts/bench.mjs', '--list'], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_OUTFILE: outfile },
    timeout: 120_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout.trim().split('\n')).toEqual([
    'hashes',
    'forgery',
    'randomness',
    'timing',
    'python',
    'page',
  ]);
}, 120_000);
