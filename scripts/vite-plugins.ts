/**
 * Build plugins: the Content-Security-Policy meta tag, and the service worker that makes the app
 * work offline after one visit (and cross-origin isolated on static hosts that cannot send headers).
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';

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

/**
 * The service worker, as plain JavaScript. It precaches every file of the build (so every lab,
 * its workers and its lazy chunks open offline), serves from the cache first, and adds the
 * COOP/COEP headers to what it serves, so the page is cross-origin isolated even where the host
 * cannot set headers (the technique of coi-serviceworker).
 */
function serviceWorkerSource(version: string, assets: string[]): string {
  return `// Generated at build time by scripts/vite-plugins.ts. Do not edit.
const VERSION = ${JSON.stringify(version)};
const CACHE = 'security-playground-' + VERSION;
const ASSETS = ${JSON.stringify(assets)};

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('security-playground-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

function isolate(response) {
  if (!response || response.status === 0 || response.type === 'opaque') return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    if (request.mode === 'navigate') {
      // The page itself: the network when there is one (to pick up a new version), else the cache.
      try {
        const fresh = await fetch(request);
        if (fresh.ok) return isolate(fresh);
      } catch {}
      return isolate((await cache.match('./index.html', { ignoreVary: true })) || (await cache.match('./', { ignoreVary: true })));
    }
    const cached = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
    if (cached) return isolate(cached);
    return isolate(await fetch(request));
  })());
});
`;
}

export function serviceWorker(): Plugin {
  let publicDir = '';
  return {
    name: 'security-playground:service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const files = [...Object.keys(bundle), ...listFiles(publicDir)].filter((f) => f !== 'sw.js');
      const assets = ['./', ...files.sort().map((f) => `./${f}`)];
      const version = createHash('sha256')
        .update(JSON.stringify(assets))
        .update(
          Object.values(bundle)
            .map((item) => ('code' in item ? item.code : String(item.source)))
            .join(''),
        )
        .digest('hex')
        .slice(0, 16);
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: serviceWorkerSource(version, assets),
      });
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
