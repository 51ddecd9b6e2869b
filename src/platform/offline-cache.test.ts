import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtFileFor,
  createManifest,
  loadChecked,
  precache,
  respondChecked,
  isSandboxed,
  missingOffline,
  type BuildManifest,
  type CacheLike,
} from './offline-cache';

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);
const scope = new URL('https://playground.example/app/');

const GENUINE = {
  'index.html': '<!doctype html><script type="module" src="./assets/index-abc.js"></script>',
  'assets/index-abc.js': 'console.log("genuine");',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};
const genuineFiles = Object.entries(GENUINE).map(([path, text]) => ({ path, bytes: bytes(text) }));

/** A cache with the Cache API's behaviour for what the worker uses (a copy per match). */
class MemoryCache implements CacheLike {
  readonly entries = new Map<string, { body: ArrayBuffer; status: number; type: string }>();
  async match(request: Request) {
    const entry = this.entries.get(request.url);
    return entry
      ? new Response(entry.body.slice(0), {
          status: entry.status,
          headers: { 'Content-Type': entry.type },
        })
      : undefined;
  }
  async put(request: Request, response: Response) {
    this.entries.set(request.url, {
      body: await response.arrayBuffer(),
      status: response.status,
      type: response.headers.get('Content-Type') ?? '',
    });
  }
  text(path: string) {
    const entry = this.entries.get(new URL(path, scope).href);
    return entry ? new TextDecoder().decode(entry.body) : undefined;
  }
  tamper(path: string, text: string) {
    this.entries.set(new URL(path, scope).href, {
      body: bytes(text).buffer as ArrayBuffer,
      status: 200,
      type: 'text/javascript',
    });
  }
}

/** A static host serving `files`; `requests` records what was asked of it. */
function server(files: Record<string, string>) {
  const requests: string[] = [];
  const fetchFromNetwork = async (request: Request) => {
    requests.push(request.url);
    const path = new URL(request.url).pathname.slice(scope.pathname.length);
    const text = files[path];
    return text === undefined
      ? new Response('not found', { status: 404 })
      : new Response(text, { headers: { 'Content-Type': 'text/javascript' } });
  };
  return { requests, fetchFromNetwork };
}

const offline = async (): Promise<Response> => {
  throw new TypeError('Failed to fetch');
};

describe('createManifest', () => {
  it('lists every file with the SHA-256 node:crypto computes, sorted by path', async () => {
    const manifest = await createManifest(genuineFiles);
    expect(Object.keys(manifest.files)).toEqual([
      'assets/index-abc.js',
      'favicon.svg',
      'index.html',
    ]);
    for (const [path, text] of Object.entries(GENUINE))
      expect(manifest.files[path]).toBe(createHash('sha256').update(text).digest('hex'));
    expect(manifest.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives the same version for the same files in any order, and a new one for any changed byte', async () => {
    const reference = await createManifest(genuineFiles);
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(genuineFiles, {
          minLength: genuineFiles.length,
          maxLength: genuineFiles.length,
        }),
        fc.nat({ max: genuineFiles.length - 1 }),
        fc.nat(),
        async (shuffled, which, position) => {
          expect((await createManifest(shuffled)).version).toBe(reference.version);
          const changed = genuineFiles.map((file, i) => {
            if (i !== which) return file;
            const copy = file.bytes.slice();
            const at = position % copy.length;
            copy[at] = copy[at]! ^ 1;
            return { path: file.path, bytes: copy };
          });
          expect((await createManifest(changed)).version).not.toBe(reference.version);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses paths outside the build, duplicates, and a build without its page', async () => {
    for (const path of ['../secret', '/etc/passwd', 'assets/../x', 'a\\b', 'assets//x', ''])
      await expect(createManifest([...genuineFiles, { path, bytes: bytes('x') }])).rejects.toThrow(
        /Not a relative path/,
      );
    await expect(createManifest([...genuineFiles, genuineFiles[1]!])).rejects.toThrow(
      /Listed twice/,
    );
    await expect(createManifest(genuineFiles.slice(1, 2))).rejects.toThrow(/no index\.html/);
  });
});

describe('builtFileFor', () => {
  it('maps the app root (with any query) to the page and built files to themselves', async () => {
    const manifest = await createManifest(genuineFiles);
    const at = (href: string) => builtFileFor(manifest, new URL(href, scope), scope);
    expect(at('./')).toBe('index.html');
    expect(at('./?theme=dark')).toBe('index.html');
    expect(at('./index.html')).toBe('index.html');
    expect(at('./assets/index-abc.js?v=1')).toBe('assets/index-abc.js');
    expect(at('./assets/other.js')).toBeNull();
    expect(at('./sw.js')).toBeNull();
    expect(at('/elsewhere/index.html')).toBeNull();
    expect(at('https://other.example/app/index.html')).toBeNull();
    expect(at('./%E0%A4%A')).toBeNull();
  });
});

describe('loadChecked', () => {
  let manifest: BuildManifest;
  const setUp = async () => {
    manifest = await createManifest(genuineFiles);
    const cache = new MemoryCache();
    const host = server(GENUINE);
    await precache(cache, manifest, scope, host.fetchFromNetwork);
    host.requests.length = 0;
    return { cache, host };
  };

  it('serves a matching copy from the cache without asking the network', async () => {
    const { cache, host } = await setUp();
    const checked = await loadChecked(
      cache,
      manifest,
      'assets/index-abc.js',
      scope,
      host.fetchFromNetwork,
    );
    expect(checked.ok && checked.from).toBe('cache');
    expect(checked.ok && new TextDecoder().decode(checked.body)).toBe(
      GENUINE['assets/index-abc.js'],
    );
    expect(host.requests).toEqual([]);
  });

  it('never serves an altered copy: it fetches the genuine file and repairs the cache', async () => {
    const { cache, host } = await setUp();
    cache.tamper('assets/index-abc.js', 'globalThis.pwned = true;');
    const checked = await loadChecked(
      cache,
      manifest,
      'assets/index-abc.js',
      scope,
      host.fetchFromNetwork,
    );
    expect(checked.ok && checked.from).toBe('network');
    expect(checked.ok && new TextDecoder().decode(checked.body)).toBe(
      GENUINE['assets/index-abc.js'],
    );
    expect(host.requests).toEqual(['https://playground.example/app/assets/index-abc.js']);
    expect(cache.text('assets/index-abc.js')).toBe(GENUINE['assets/index-abc.js']);
  });

  it('refuses, and keeps the bad bytes out of the cache, when the server has other bytes too', async () => {
    const { cache } = await setUp();
    cache.tamper('index.html', '<script>pwned()</script>');
    const redeployed = server({ ...GENUINE, 'index.html': '<!doctype html><p>another version' });
    const checked = await loadChecked(
      cache,
      manifest,
      'index.html',
      scope,
      redeployed.fetchFromNetwork,
    );
    expect(checked).toEqual({
      ok: false,
      reason: 'index.html: the server sent bytes that this version did not build.',
    });
    expect(cache.text('index.html')).toBe('<script>pwned()</script>');
    const response = respondChecked(checked, true);
    expect(response.status).toBe(503);
    expect(await response.text()).not.toMatch(/pwned|another version/);
  });

  it('refuses an altered copy when offline, and a missing file the server no longer has', async () => {
    const { cache, host } = await setUp();
    cache.tamper('favicon.svg', '<svg onload="pwned()"/>');
    expect(await loadChecked(cache, manifest, 'favicon.svg', scope, offline)).toEqual({
      ok: false,
      reason: 'favicon.svg: the offline copy is altered and the network is unreachable.',
    });
    cache.entries.clear();
    const gone = server({ 'index.html': GENUINE['index.html'] });
    expect(await loadChecked(cache, manifest, 'favicon.svg', scope, gone.fetchFromNetwork)).toEqual(
      {
        ok: false,
        reason: 'favicon.svg: the server answered 404.',
      },
    );
    expect(await loadChecked(cache, manifest, 'assets/x.js', scope, host.fetchFromNetwork)).toEqual(
      { ok: false, reason: 'assets/x.js is not part of this build.' },
    );
  });
});

describe('precache', () => {
  it('fills the cache with every file, or fails naming each file whose bytes differ', async () => {
    const manifest = await createManifest(genuineFiles);
    const cache = new MemoryCache();
    await precache(cache, manifest, scope, server(GENUINE).fetchFromNetwork);
    for (const [path, text] of Object.entries(GENUINE)) expect(cache.text(path)).toBe(text);

    const empty = new MemoryCache();
    const halfDeployed = server({ ...GENUINE, 'assets/index-abc.js': 'console.log("newer");' });
    await expect(precache(empty, manifest, scope, halfDeployed.fetchFromNetwork)).rejects.toThrow(
      'Not cached for offline use: assets/index-abc.js: the server sent bytes that this version did not build.',
    );
    expect(empty.text('assets/index-abc.js')).toBeUndefined();
  });

  it('leaves on-demand files (Pyodide) for their first use, then checks them like any file', async () => {
    const files = { ...GENUINE, 'pyodide/python_stdlib.zip': 'PK the standard library' };
    const manifest = await createManifest(
      Object.entries(files).map(([path, text]) => ({ path, bytes: bytes(text) })),
      ['pyodide/'],
    );
    expect(manifest.onDemand).toEqual(['pyodide/python_stdlib.zip']);
    const cache = new MemoryCache();
    const host = server(files);
    await precache(cache, manifest, scope, host.fetchFromNetwork);
    expect(cache.text('pyodide/python_stdlib.zip')).toBeUndefined();
    const first = await loadChecked(
      cache,
      manifest,
      'pyodide/python_stdlib.zip',
      scope,
      host.fetchFromNetwork,
    );
    expect(first).toMatchObject({ ok: true, from: 'network' });
    expect(cache.text('pyodide/python_stdlib.zip')).toBe('PK the standard library');
    cache.tamper('pyodide/python_stdlib.zip', 'PK altered');
    const altered = await loadChecked(cache, manifest, 'pyodide/python_stdlib.zip', scope, offline);
    expect(altered.ok).toBe(false);
  });
});

describe('missingOffline', () => {
  it('names each file the cache cannot serve offline: absent, altered, or not of this build', async () => {
    const files = { ...GENUINE, 'pyodide/python_stdlib.zip': 'PK the standard library' };
    const manifest = await createManifest(
      Object.entries(files).map(([path, text]) => ({ path, bytes: bytes(text) })),
      ['pyodide/'],
    );
    const cache = new MemoryCache();
    await precache(cache, manifest, scope, server(files).fetchFromNetwork);
    const asked = ['pyodide/python_stdlib.zip', 'index.html', 'pyodide/not-built.wasm'];
    expect(await missingOffline(cache, manifest, asked, scope)).toEqual([
      'pyodide/python_stdlib.zip',
      'pyodide/not-built.wasm',
    ]);
    await loadChecked(
      cache,
      manifest,
      'pyodide/python_stdlib.zip',
      scope,
      server(files).fetchFromNetwork,
    );
    expect(await missingOffline(cache, manifest, asked.slice(0, 2), scope)).toEqual([]);
    cache.tamper('index.html', '<h1>altered</h1>');
    expect(await missingOffline(cache, manifest, asked.slice(0, 2), scope)).toEqual(['index.html']);
  });
});

describe('respondChecked', () => {
  it('adds the isolation headers; the page alone may be embedded by other origins', async () => {
    const manifest = await createManifest(genuineFiles);
    const cache = new MemoryCache();
    await precache(cache, manifest, scope, server(GENUINE).fetchFromNetwork);
    const page = respondChecked(
      await loadChecked(cache, manifest, 'index.html', scope, offline),
      true,
    );
    expect(page.status).toBe(200);
    expect(page.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(page.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(page.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    expect(await page.text()).toBe(GENUINE['index.html']);
    const script = respondChecked(
      await loadChecked(cache, manifest, 'assets/index-abc.js', scope, offline),
      false,
    );
    expect(script.headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
    expect(script.headers.get('Content-Type')).toBe('text/javascript');
  });

  it('sandboxes the Python frame by its header, served or refused (the attribute cannot apply)', async () => {
    const files = { ...GENUINE, 'sandbox-python.html': '<!doctype html><script>…</script>' };
    const manifest = await createManifest(
      Object.entries(files).map(([path, text]) => ({ path, bytes: bytes(text) })),
      [],
      ['sandbox-python.html', 'not-built.html'],
    );
    expect(manifest.sandboxed).toEqual(['sandbox-python.html']);
    expect(isSandboxed(manifest, 'sandbox-python.html')).toBe(true);
    expect(isSandboxed(manifest, 'index.html')).toBe(false);
    const cache = new MemoryCache();
    await precache(cache, manifest, scope, server(files).fetchFromNetwork);
    const served = respondChecked(
      await loadChecked(cache, manifest, 'sandbox-python.html', scope, offline),
      false,
      true,
    );
    expect(served.status).toBe(200);
    expect(served.headers.get('Content-Security-Policy')).toBe('sandbox allow-scripts');
    expect(served.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    cache.tamper('sandbox-python.html', 'altered');
    const refused = respondChecked(
      await loadChecked(cache, manifest, 'sandbox-python.html', scope, offline),
      false,
      true,
    );
    expect(refused.status).toBe(503);
    expect(refused.headers.get('Content-Security-Policy')).toBe('sandbox allow-scripts');
    const page = respondChecked(
      await loadChecked(cache, manifest, 'index.html', scope, offline),
      true,
    );
    expect(page.headers.get('Content-Security-Policy')).toBeNull();
  });
});
