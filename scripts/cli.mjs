#!/usr/bin/env node
// Runs the CLI. The TypeScript sources are bundled with esbuild (about 0.1 s), split per lab so a
// command loads only its own lab's code, and rebuilt only when a source file is newer than the
// bundle. A second entry, child.js, is the isolated child that runs untrusted input
// (src/cli/isolated/): it is allowed to read only its own build folder, so it is bundled there too. Each build goes to its own folder and `current.json` is switched to it atomically, so
// CLI runs started at the same moment never see a half-written bundle.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist-cli');
const pointer = join(out, 'current.json');
const srcDir = join(root, 'src');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function current() {
  try {
    const { folder } = JSON.parse(readFileSync(pointer, 'utf8'));
    const entry = join(out, folder, 'main.js');
    return existsSync(entry) ? { folder, entry, built: statSync(pointer).mtimeMs } : null;
  } catch {
    return null;
  }
}

let bundle = current();
if (!bundle || (existsSync(srcDir) && newestSource(srcDir) > bundle.built)) {
  const { build } = await import('esbuild');
  const folder = `build-${Date.now()}-${process.pid}`;
  await build({
    entryPoints: {
      main: join(srcDir, 'cli', 'main.ts'),
      child: join(srcDir, 'cli', 'isolated', 'child.ts'),
    },
    outdir: join(out, folder),
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  mkdirSync(out, { recursive: true });
  const temporary = `${pointer}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ folder }));
  renameSync(temporary, pointer);
  // Old builds are removed once they are a minute old (a run started earlier may still use one).
  for (const name of readdirSync(out)) {
    const path = join(out, name);
    if (
      name.startsWith('build-') &&
      name !== folder &&
      Date.now() - statSync(path).mtimeMs > 60_000
    )
      rmSync(path, { recursive: true, force: true });
  }
  bundle = { folder, entry: join(out, folder, 'main.js') };
}
await import(pathToFileURL(bundle.entry).href);
