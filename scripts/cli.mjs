#!/usr/bin/env node
// Runs the CLI. The TypeScript sources are bundled once with esbuild into dist-cli/ (about 0.1 s)
// and rebuilt only when a source file is newer than the bundle, so start-up stays small.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist-cli', 'cli.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const srcDir = join(root, 'src');
const stale =
  !existsSync(bundle) || (existsSync(srcDir) && newestSource(srcDir) > statSync(bundle).mtimeMs);
if (stale) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(srcDir, 'cli', 'main.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  // Write then rename, so CLI runs started at the same moment never see a half-written bundle.
  mkdirSync(dirname(bundle), { recursive: true });
  const temporary = `${bundle}.${process.pid}.tmp`;
  writeFileSync(temporary, result.outputFiles[0].contents);
  renameSync(temporary, bundle);
}
await import(pathToFileURL(bundle).href);
