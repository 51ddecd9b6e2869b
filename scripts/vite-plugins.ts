/**
 * Build plugins: the Content-Security-Policy meta tag, and the service worker that makes the app
 * work offline after one visit (and cross-origin isolated on static hosts that cannot send headers).
 */
import { build as esbuild } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { createManifest, type BuildManifest } from '../src/platform/offline-cache.ts';
import { PYODIDE_FOLDER, PYTHON_FRAME, pythonFrameHeaderPolicy } from './vite-python.ts';

/** Puts the CSP in the built HTML as a meta tag, so it holds on any static host. */
export function cspMeta(policy: () => string): Plugin {
  return {
    name: 'security-playground:csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: policy() },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}

function listFiles(dir: string, root = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path, root));
    else out.push(relative(root, path).split('\\').join('/'));
  }
  return out;
}

/** Files of the build that are not the app: the worker itself, and the host's header rules. */
const NOT_PRECACHED = new Set(['sw.js', '_headers']);

const SERVICE_WORKER_ENTRY = fileURLToPath(
  new URL('../src/platform/service-worker.ts', import.meta.url),
);

/**
 * Writes `sw.js` into a built directory: src/platform/service-worker.ts bundled with the manifest
 * of every file in the directory (its SHA-256) compiled in. Run after everything else is written,
 * so the hashes are those of the bytes a host will serve. Returns the manifest.
 */
export async function writeServiceWorker(outDir: string): Promise<BuildManifest> {
  const files = listFiles(outDir)
    .filter((path) => !NOT_PRECACHED.has(path))
    .map((path) => ({ path, bytes: readFileSync(join(outDir, path)) }));
  const manifest = await createManifest(files, [PYODIDE_FOLDER], [PYTHON_FRAME]);
  const bundled = await esbuild({
    entryPoints: [SERVICE_WORKER_ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'silent',
    define: { BUILD_MANIFEST: JSON.stringify(manifest) },
    banner: {
      js: '// Generated at build time by scripts/vite-plugins.ts from src/platform/service-worker.ts. Do not edit.',
    },
  });
  writeFileSync(join(outDir, 'sw.js'), bundled.outputFiles[0]!.text);
  return manifest;
}

/**
 * The service worker that makes the app work offline after one visit, serves only files whose
 * bytes match the build, and makes the page cross-origin isolated on hosts that cannot send
 * headers (see src/platform/service-worker.ts).
 */
export function serviceWorker(): Plugin {
  let outDir = '';
  return {
    name: 'security-playground:service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        await writeServiceWorker(outDir);
      },
    },
  };
}

/** The page itself: the root and index.html (and, on the dev server, any address without a file extension). */
function isPagePath(path: string): boolean {
  return path.endsWith('/') || path.endsWith('.html') || !/\.[A-Za-z0-9]+$/.test(path);
}

/**
 * Cross-Origin-Resource-Policy on the dev and preview servers: cross-origin for the page, so a
 * course page that requires CORP of what it embeds (COEP: require-corp) can frame it; same-origin
 * for every other file.
 */
export function resourcePolicy(): Plugin {
  const setPolicy = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const path = (req.url ?? '/').split('?')[0]!;
    res.setHeader(
      'Cross-Origin-Resource-Policy',
      isPagePath(path) ? 'cross-origin' : 'same-origin',
    );
    next();
  };
  return {
    name: 'security-playground:resource-policy',
    configureServer: (server) => void server.middlewares.use(setPolicy),
    configurePreviewServer: (server) => void server.middlewares.use(setPolicy),
  };
}

/** The policy in the built page's CSP meta tag, unescaped. */
export function metaPolicy(html: string): string {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
  if (content === undefined)
    throw new Error('The built page has no Content-Security-Policy meta tag.');
  return content
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/**
 * The `_headers` file that Netlify and Cloudflare Pages read: the page's own CSP as a header too
 * (a header also reaches workers loaded from a URL, which a meta tag does not), COOP/COEP, and
 * CORP per path. Each path gets one CORP rule and one CSP rule only: both hosts join the values of
 * a header that several rules set, and "same-origin, cross-origin" is no policy at all, while two
 * CSPs are both enforced, so the Python sandbox frame (`python.path`) would lose its
 * 'wasm-unsafe-eval' to the page's policy. So the CSP is on each rule, not on `/*`.
 */
export function hostHeaders(
  policy: string,
  topLevelFiles: readonly string[],
  python?: { path: string; policy: string },
): string {
  const rule = (path: string, headers: Record<string, string>) =>
    [path, ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`)].join('\n');
  const csp = { 'Content-Security-Policy': policy };
  const sameOrigin = { 'Cross-Origin-Resource-Policy': 'same-origin' };
  return [
    '# Written by the build (scripts/vite-plugins.ts); see "Deploying" in the README.',
    rule('/*', {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'X-Content-Type-Options': 'nosniff',
    }),
    rule('/', { ...csp, 'Cross-Origin-Resource-Policy': 'cross-origin' }),
    rule('/index.html', { ...csp, 'Cross-Origin-Resource-Policy': 'cross-origin' }),
    rule('/assets/*', {
      ...csp,
      ...sameOrigin,
      // Every name under assets/ carries a hash of its content.
      'Cache-Control': 'public, max-age=31536000, immutable',
    }),
    ...(python ? [rule('/pyodide/*', { ...csp, ...sameOrigin })] : []),
    ...topLevelFiles
      .filter((name) => name !== 'index.html' && name !== '_headers')
      .sort()
      .map((name) =>
        rule(`/${name}`, {
          'Content-Security-Policy': name === python?.path ? python.policy : policy,
          ...sameOrigin,
        }),
      ),
    '',
  ].join('\n');
}

/** Writes `_headers` (see hostHeaders) next to the built page. */
export function staticHostHeaders(): Plugin {
  let outDir = '';
  return {
    name: 'security-playground:static-host-headers',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const policy = metaPolicy(readFileSync(join(outDir, 'index.html'), 'utf8'));
        const files = readdirSync(outDir).filter((name) => statSync(join(outDir, name)).isFile());
        // sw.js is written by another plugin, possibly after this one.
        const all = files.includes('sw.js') ? files : [...files, 'sw.js'];
        writeFileSync(
          join(outDir, '_headers'),
          hostHeaders(
            policy,
            all,
            all.includes(PYTHON_FRAME)
              ? { path: PYTHON_FRAME, policy: pythonFrameHeaderPolicy() }
              : undefined,
          ),
        );
      },
    },
  };
}

/**
 * For the single-file build: every worker is inlined (as a blob: worker) instead of being a
 * separate file, by rewriting `new Worker(new URL('./x.worker.ts', import.meta.url), opts)` and
 * `import X from '...?worker'` into Vite's `?worker&inline` form.
 */
export function inlineWorkers(): Plugin {
  const pattern =
    /new Worker\(\s*new URL\(\s*(['"])([^'"]+\.worker\.ts)\1\s*,\s*import\.meta\.url\s*\)\s*(?:,\s*\{[^}]*\}\s*)?\)/g;
  return {
    name: 'security-playground:inline-workers',
    enforce: 'pre',
    transform(code, id) {
      if (id.includes('node_modules') || !/\.(ts|tsx)$/.test(id)) return null;
      let count = 0;
      const imports: string[] = [];
      let out = code.replace(pattern, (_match, _quote, path: string) => {
        const name = `__InlineWorker${count++}`;
        imports.push(`import ${name} from '${path}?worker&inline';`);
        return `new ${name}()`;
      });
      out = out.replace(
        /(['"])([^'"]+)\?worker\1/g,
        (_m, quote: string, path: string) => `${quote}${path}?worker&inline${quote}`,
      );
      if (out === code) return null;
      return { code: `${imports.join('\n')}\n${out}`, map: null };
    },
  };
}

/**
 * The single file has its script inline, so its CSP allows exactly that script by its SHA-256
 * hash (no 'unsafe-inline'), computed after everything else has been inlined.
 */
export function singleFileCsp(policy: (scriptHashes: string[]) => string): Plugin {
  return {
    name: 'security-playground:single-file-csp',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const html = bundle['index.html'];
        if (!html || html.type !== 'asset') return;
        const source = String(html.source);
        const hashes = [...source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
          .map((m) => m[1]!)
          .filter((body) => body.trim() !== '')
          .map((body) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
        const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(hashes).replace(/"/g, '&quot;')}">`;
        html.source = source
          .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
          .replace('<head>', `<head>\n    ${meta}`);
      },
    },
  };
}

/** The single file carries its icon as a data: URL instead of a separate favicon.svg. */
export function inlineFavicon(svg: () => string): Plugin {
  return {
    name: 'security-playground:inline-favicon',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        /href="\.\/favicon\.svg"/,
        `href="data:image/svg+xml;base64,${Buffer.from(svg()).toString('base64')}"`,
      ),
  };
}
