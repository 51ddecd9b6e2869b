/**
 * A plain static file server over `dist/` that sends no security headers at all (no CSP, no
 * COOP/COEP, no CORP), as many hosts do (`python3 -m http.server`). Whatever the app promises
 * about learner input must hold here too, not only on the preview server, whose headers help.
 *
 * Each call starts its own server on a free port and returns its origin and a stop function, so
 * specs running in parallel never share one.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface StaticHost {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  stop: () => void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(origin: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const response = await fetch(`${origin}/index.html`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`The static host at ${origin} did not start.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Serves `directory` (default `dist`) with no headers beyond what http.server always sends. */
export async function startStaticHost(directory = 'dist'): Promise<StaticHost> {
  const port = await freePort();
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1'], {
    cwd: directory,
    stdio: 'ignore',
  });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(origin);
  } catch (error) {
    server.kill();
    throw error;
  }
  return { origin, stop: () => server.kill() };
}
