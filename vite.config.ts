import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { readFileSync } from 'node:fs';
import {
  cspMeta,
  inlineFavicon,
  inlineWorkers,
  resourcePolicy,
  serviceWorker,
  singleFileCsp,
  staticHostHeaders,
} from './scripts/vite-plugins.ts';
import { sandboxFrameHash, sandboxScripts } from './scripts/vite-sandbox.ts';
import { policyHeaders, pythonFrameHeaderPolicy, pythonRuntime } from './scripts/vite-python.ts';

/**
 * The app's own Content-Security-Policy: nothing may be fetched from, sent to or framed by any other
 * origin. `blob:` is allowed for scripts and workers because the sandbox for learner code
 * (src/platform/sandbox/), which inherits this policy, starts its worker and loads the code from
 * blob: URLs, and the single file's workers are blob: URLs.
 */
const directives: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self' blob:",
  'worker-src': "'self' blob:",
  // Only the code lab's editor needs inline styles, and a policy cannot be loosened later in the
  // page, so they are allowed everywhere. Measured with style-src 'self': every other lab's e2e
  // passes, while Monaco is refused about 90 times (it adds <style> elements for its theme and
  // decorations and renders lines as HTML with style attributes), as is the SVG export's
  // setAttribute('style'). React's style props (the charts' colours) go through CSSOM, which CSP
  // allows.
  // Inline style runs no script, and img-src/font-src/connect-src keep CSS from reaching out.
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  // Nothing fetches blob: or data: URLs: file drops are read as Blobs, chart exports draw a blob:
  // image (img-src), inlined workers start from blob: (worker-src). Nothing plays audio or video.
  'connect-src': "'self'",
  'media-src': "'none'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'none'",
};

export function contentSecurityPolicy(extra: Record<string, string> = {}): string {
  const all = { ...directives };
  for (const [key, value] of Object.entries(extra)) all[key] = `${all[key] ?? ''} ${value}`.trim();
  return Object.entries(all)
    .map(([key, value]) => `${key} ${value}`)
    .join('; ');
}

/**
 * The sandbox frame's inline bootstrap (src/platform/sandbox/frame.ts), allowed by its hash: the
 * frame inherits the page's policy, so the page's must allow it too. Not on the dev server, whose
 * 'unsafe-inline' covers it (and a hash next to 'unsafe-inline' would switch that off).
 */
const sandboxFrame = { 'script-src': sandboxFrameHash() };

// COOP + COEP make the page cross-origin isolated, which gives the timing lab a finer performance.now().
// Cross-Origin-Resource-Policy depends on the file (scripts/vite-plugins.ts resourcePolicy).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig(({ mode }) => {
  // `npm run build:single`: the whole app as one self-contained HTML file, for file:// and e-mail.
  const single = mode === 'single';
  return {
    base: './',
    plugins: single
      ? [
          inlineWorkers(),
          sandboxScripts(),
          react(),
          pythonRuntime({ available: false }),
          inlineFavicon(() => readFileSync('public/favicon.svg', 'utf8')),
          viteSingleFile({ removeViteModuleLoader: true }),
          singleFileCsp((hashes) =>
            contentSecurityPolicy({ 'script-src': [...hashes, sandboxFrameHash()].join(' ') }),
          ),
        ]
      : [
          sandboxScripts(),
          policyHeaders(
            'dev',
            // The dev server injects an inline React-refresh preamble and connects a websocket for HMR.
            contentSecurityPolicy({ 'script-src': "'unsafe-inline'", 'connect-src': 'ws: wss:' }),
            pythonFrameHeaderPolicy(),
          ),
          policyHeaders('preview', contentSecurityPolicy(sandboxFrame), pythonFrameHeaderPolicy()),
          // After policyHeaders: on the dev server it serves the Python frame and Pyodide's files
          // itself, with the policy already set.
          pythonRuntime({ available: true }),
          react(),
          cspMeta(() => contentSecurityPolicy(sandboxFrame)),
          serviceWorker(),
          staticHostHeaders(),
          resourcePolicy(),
        ],
    // Chromium refuses module workers from blob: URLs in a file:// page, so the single file's
    // (inlined) workers are classic scripts, each one bundle.
    worker: single
      ? { format: 'iife', rollupOptions: { output: { inlineDynamicImports: true } } }
      : { format: 'es' },
    build: single
      ? { target: 'es2022', outDir: 'dist-single', copyPublicDir: false }
      : {
          target: 'es2022',
          chunkSizeWarningLimit: 4096,
          // No <link rel="modulepreload"> per chunk before each dynamic import: adding those
          // elements (and the requests they start) ran inside the task that opens a lab, 20–50 ms
          // at 4× CPU slowdown. The browser finds a module's imports as it parses it; from this
          // origin or the offline cache that costs no noticeable time.
          modulePreload: false,
        },
    // The Content-Security-Policy header is set per path (policyHeaders above): the Python
    // sandbox frame has its own.
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
  };
});
