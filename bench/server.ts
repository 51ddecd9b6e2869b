/** Builds the app if needed and serves dist/ with the preview server for the browser benchmarks. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find(
  (p) => p && existsSync(p),
);

export async function startPreview(port: number): Promise<{ url: string; stop: () => void }> {
  // BENCH_SKIP_BUILD=1 serves the dist/ already there (measuring one build several times).
  if (process.env.BENCH_SKIP_BUILD !== '1')
    spawnSync(
      process.execPath,
      [join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
      { stdio: 'inherit' },
    );
  const server: ChildProcess = spawn(
    process.execPath,
    [
      join('node_modules', 'vite', 'bin', 'vite.js'),
      'preview',
      '--port',
      String(port),
      '--strictPort',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://localhost:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, stop: () => server.kill() };
}
