#!/usr/bin/env node
// `npm run bench`: bundles bench/ with esbuild (packages stay external) and runs it.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist-bench', 'bench.mjs');
await build({
  entryPoints: [join(root, 'bench', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'error',
  plugins: [
    {
      // The registry names every lab's panel; the page suite never renders one, so the editor
      // (Monaco and its workers, and the sandboxes' scripts, which only Vite can bundle) is stubbed
      // out here, and so is Pyodide's file list (a Vite virtual module, scripts/vite-python.ts).
      name: 'stub-editor',
      setup(b) {
        b.onResolve({ filter: /^monaco-editor|\?(worker|sandbox-script)$/ }, (args) => ({
          path: args.path,
          namespace: 'stub',
        }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
          contents: 'export default class {}; export const editor = {}, languages = {};',
          loader: 'js',
        }));
        b.onResolve({ filter: /^virtual:pyodide-files$/ }, (args) => ({
          path: args.path,
          namespace: 'stub-python',
        }));
        b.onLoad({ filter: /.*/, namespace: 'stub-python' }, () => ({
          contents:
            "export const PYTHON_AVAILABLE = false, PYODIDE_VERSION = '', PYODIDE_FOLDER = '', " +
            "PYTHON_FRAME = '', PYODIDE_FILES = [];",
          loader: 'js',
        }));
      },
    },
  ],
});
process.chdir(root);
await import(pathToFileURL(outfile).href);
