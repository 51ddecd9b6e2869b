/**
 * The one sandbox for learner-supplied code (README, "Security of the app itself"): on the page's
 * side, it starts a sandboxed frame (frame.ts), gives it a sandbox script to run in a worker,
 * watches that it stays alive, and takes it down.
 *
 * - Isolation: the frame has an opaque origin and a policy that allows no connection; the page
 *   never listens to window messages from it. The only way in or out is the channel (a
 *   MessagePort) handed over at start, and the app checks everything on it (channel.ts).
 * - Crashes: Chromium runs a sandboxed frame in its own process, so code that exhausts memory
 *   takes down that process only. The page pings the frame's bootstrap (which never runs learner
 *   code) every PING_EVERY_MS; a ping not answered within LOST_AFTER_MS means the process is gone,
 *   and `lost` settles. Pings travel as messages, which background-tab timer throttling does not
 *   delay, so a slow timer only means fewer pings, never a false alarm.
 * - Ending: dispose() removes the frame, which ends its worker, whatever it was doing.
 *
 * WebAssembly (Pyodide) cannot be allowed by the frame's own policy alone: an about:srcdoc frame
 * (and a data: or blob: one) inherits the page's policy, and an action must pass both (checked in
 * Chromium 156: WebAssembly.compile is refused in the frame's worker while only the frame's policy
 * has 'wasm-unsafe-eval'). So the Python sandbox (`python` option) is a frame loaded by URL from
 * the app's own origin, `sandbox-python.html` (written by the build, scripts/vite-python.ts): the
 * same bootstrap, allowed by the same hash, under its own policy with 'wasm-unsafe-eval'
 * (frame.ts pythonFramePolicy), which a URL-loaded document does not share with the page. The
 * `sandbox` attribute still gives it an opaque origin, or, when a service worker controls the page
 * (which Chromium never lets serve a frame that has the attribute: offline, it would be lost), the
 * worker's `Content-Security-Policy: sandbox allow-scripts` header does (loadFrame); the page
 * checks that it has one (`contentDocument === null`) before it posts anything, and hands it
 * Pyodide's files in the start message, since the frame may fetch nothing.
 */
import { START_MESSAGE, frameDocument } from './frame';
import { SandboxChannel } from './channel';
import type { SandboxNotice } from './protocol';

/** The frame's name (tests tell the sandbox's frames by it). */
export const SANDBOX_FRAME_NAME = 'security-playground-sandbox';
export const PING_EVERY_MS = 500;
export const LOST_AFTER_MS = 4000;
/** A sandbox whose worker has not started by then is given up on. */
export const START_LIMIT_MS = 20_000;

export type SandboxLoss =
  /** The frame stopped answering: its process crashed (most often out of memory) or hung. */
  | { reason: 'unresponsive' }
  /** The sandbox's worker could not start. */
  | { reason: 'failed'; message: string }
  | { reason: 'disposed' };

/** The Python sandbox: the frame's address, and the files its worker may fetch from memory. */
export interface PythonFrame {
  url: string;
  /** By name; transferred (the page's buffers are detached afterwards). */
  files: Record<string, ArrayBuffer>;
}

export interface SandboxStats {
  /** Uncaught errors that escaped the sandbox script's own handlers (counted by the frame). */
  uncaughtErrors: number;
  /** Messages the worker sent outside its channel (dropped by the frame). */
  strayMessages: number;
}

/** Does a service worker serve this page (and so the Python frame, when it has no attribute)? */
function controlledByServiceWorker(): boolean {
  return 'serviceWorker' in navigator && navigator.serviceWorker.controller !== null;
}

/**
 * The sandbox's frame, added to the page and loaded. `attribute`: sandboxed by the `sandbox`
 * attribute. The Python frame goes without it when a service worker controls the page: Chromium
 * never lets a service worker serve a frame that has the attribute, so that frame would come from
 * the network, which offline is gone. The service worker serves it from its checked cache with
 * `Content-Security-Policy: sandbox allow-scripts` (offline-cache.ts SANDBOX_POLICY), which gives
 * the document the same opaque origin and flags as the attribute.
 */
async function loadFrame(python: PythonFrame | undefined, attribute: boolean) {
  const frame = document.createElement('iframe');
  if (attribute) frame.setAttribute('sandbox', 'allow-scripts');
  // Where the page is cross-origin isolated, so is the sandbox (its own process): the code lab's
  // timing measurement then gets the isolated clock (5 µs steps instead of 100 µs). It gives
  // the code in the sandbox nothing of the page's: the frame is opaque and out of process.
  if (!python) frame.allow = 'cross-origin-isolated';
  frame.title = python ? 'Sandbox for Python' : 'Sandbox for untrusted code';
  frame.name = SANDBOX_FRAME_NAME;
  frame.hidden = true;
  if (python) {
    // Credentialless, when the network serves it: where the page is cross-origin isolated, a
    // frame that is not served by the service worker needs no COEP header of its own, which a
    // static host would not send; it also gets a throwaway storage partition. Not when the
    // service worker is to serve it: a credentialless frame's partition has no service worker
    // (checked in Chromium 156: it went to the network, offline to an error page), and the
    // worker's response carries COEP and CORP itself.
    if (attribute) frame.setAttribute('credentialless', '');
    frame.src = python.url;
  } else frame.srcdoc = frameDocument();
  const loaded = new Promise<void>((resolve) =>
    frame.addEventListener('load', () => resolve(), { once: true }),
  );
  document.body.append(frame);
  await loaded;
  return frame;
}

export class Sandbox {
  /** Settles once, when the sandbox dies, fails or is disposed. Never rejects. */
  readonly lost: Promise<SandboxLoss>;
  readonly stats: SandboxStats = { uncaughtErrors: 0, strayMessages: 0 };
  private settle: (loss: SandboxLoss) => void = () => {};
  private ended = false;
  private timer = 0;

  private constructor(
    private readonly frame: HTMLIFrameElement,
    /** The app's end of the channel; transfer it to a worker, or wrap it in a SandboxChannel. */
    readonly port: MessagePort,
    private readonly control: MessagePort,
  ) {
    this.lost = new Promise((resolve) => (this.settle = resolve));
  }

  /**
   * Starts a sandbox running `script` (the text of a `*.sandbox.ts` bundle) and resolves once its
   * worker is up; rejects with the reason if it does not start.
   */
  static async open(script: string, python?: PythonFrame): Promise<Sandbox> {
    let frame = await loadFrame(python, !python || !controlledByServiceWorker());
    // A frame loaded by URL is opaque only if its sandbox took (the attribute, or the service
    // worker's header): then the page cannot reach its document. Checked before anything is
    // posted to it. A service worker that sent no sandbox header (an older version still in
    // charge, say) gets one more try with the attribute, which works online.
    if (python && frame.contentDocument !== null && !frame.hasAttribute('sandbox')) {
      frame.remove();
      frame = await loadFrame(python, true);
    }
    const window = frame.contentWindow;
    if (!window) {
      frame.remove();
      throw new Error('The sandbox frame did not open.');
    }
    if (python && frame.contentDocument !== null) {
      frame.remove();
      throw new Error('The Python sandbox frame is not isolated from the page.');
    }
    const channel = new MessageChannel();
    const control = new MessageChannel();
    const sandbox = new Sandbox(frame, channel.port1, control.port1);
    // Its origin is opaque, so '*' is the only target origin that reaches it; the message holds
    // nothing secret, and the frame checks that it comes from its parent.
    const files = python?.files;
    window.postMessage({ type: START_MESSAGE, script, files }, '*', [
      channel.port2,
      control.port2,
      ...(files ? Object.values(files) : []),
    ]);
    await sandbox.watch();
    return sandbox;
  }

  /** Pings the frame until it is lost or disposed; resolves when the worker is up. */
  private watch(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      let awaiting: { seq: number; sentAt: number } | null = null;
      let seq = 0;
      const startedAt = performance.now();
      this.control.onmessage = (event: MessageEvent) => {
        const data = event.data as Record<string, unknown> | null;
        if (typeof data !== 'object' || data === null) return;
        if (data.type === 'pong' && awaiting && data.seq === awaiting.seq) {
          awaiting = null;
          if (typeof data.errors === 'number') this.stats.uncaughtErrors = data.errors;
          if (typeof data.stray === 'number') this.stats.strayMessages = data.stray;
        } else if (data.type === 'ready' && !ready) {
          ready = true;
          resolve();
        } else if (data.type === 'failed') {
          const message = typeof data.message === 'string' ? data.message.slice(0, 500) : '';
          this.end({ reason: 'failed', message: message || 'The sandbox did not start.' });
        }
      };
      void this.lost.then((loss) => {
        if (!ready)
          reject(
            new Error(
              loss.reason === 'failed'
                ? `The sandbox did not start: ${loss.message}`
                : loss.reason === 'unresponsive'
                  ? 'The sandbox did not start: its frame never answered (it may not have loaded).'
                  : 'The sandbox did not start.',
            ),
          );
      });
      const tick = () => {
        if (this.ended) return;
        const now = performance.now();
        if (awaiting && now - awaiting.sentAt > LOST_AFTER_MS) {
          this.end({ reason: 'unresponsive' });
          return;
        }
        if (!ready && now - startedAt > START_LIMIT_MS) {
          this.end({ reason: 'failed', message: 'its worker did not start in time.' });
          return;
        }
        if (!awaiting) {
          awaiting = { seq: ++seq, sentAt: now };
          this.control.postMessage({ type: 'ping', seq });
        }
        this.timer = window.setTimeout(tick, PING_EVERY_MS);
      };
      tick();
    });
  }

  /** A channel on this sandbox's port, for a page that talks to the sandbox itself. */
  channel(onNotice?: (notice: SandboxNotice) => void): SandboxChannel {
    return new SandboxChannel(this.port, onNotice);
  }

  /** Removes the frame: its worker stops, whatever it was doing, and its process may go. */
  dispose(): void {
    this.end({ reason: 'disposed' });
  }

  private end(loss: SandboxLoss): void {
    if (this.ended) return;
    this.ended = true;
    window.clearTimeout(this.timer);
    this.control.onmessage = null;
    this.control.close();
    this.frame.remove();
    this.settle(loss);
  }
}
