#!/usr/bin/env node
// `npm start`: build the app if dist/ is missing or older than the sources, then serve it on
// localhost (with the same security headers as in the tests) and print the address.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync, spawn } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '4173';

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const built = join(root, 'dist', 'index.html');
const inputs = ['src', 'public', 'index.html', 'vite.config.ts']
  .map((p) => join(root, p))
  .filter(existsSync);
const stale = !existsSync(built) || Math.max(...inputs.map(newest)) > statSync(built).mtimeMs;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
if (stale) {
  console.log('Building the app (first start or sources changed)…');
  const build = spawnSync(npx, ['vite', 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
console.log(`Serving Security Playground at http://localhost:${port}/ (Ctrl+C to stop)`);
const server = spawn(npx, ['vite', 'preview', '--port', port, '--strictPort'], {
  cwd: root,
  stdio: 'inherit',
});
server.on('exit', (code) => process.exit(code ?? 0));
