/**
 * The sandbox frame's only script, as text (frame.ts puts it in the frame's document), and the
 * frames' policies and documents (the srcdoc frame's, and the Python frame's, which the build
 * writes as sandbox-python.html). It has no imports, so the build (scripts/vite-sandbox.ts) can hash this very string for the page's
 * policy and for the Python frame's document (python-frame.ts). See frame.ts for what it does; it
 * must not contain the characters `</script`.
 */
/** The message type of the start message (the page's only message to the frame's window). */
export const START_MESSAGE = 'security-playground:sandbox-start';

export const FRAME_BOOTSTRAP = `"use strict";
(() => {
  let started = false;
  addEventListener("message", (event) => {
    const data = event.data;
    if (started || event.source !== parent || event.ports.length !== 2) return;
    if (!data || data.type !== "${START_MESSAGE}" || typeof data.script !== "string") return;
    started = true;
    const [channel, control] = event.ports;
    const send = (message) => control.postMessage(message);
    let ready = false;
    let errors = 0;
    let stray = 0;
    let worker;
    try {
      const url = URL.createObjectURL(new Blob([data.script], { type: "text/javascript" }));
      worker = new Worker(url, { name: "sandbox" });
    } catch (error) {
      send({ type: "failed", message: String(error).slice(0, 500) });
      return;
    }
    worker.onerror = (event) => {
      event.preventDefault();
      if (!ready) send({ type: "failed", message: String(event.message).slice(0, 500) });
      errors++;
    };
    worker.onmessage = (event) => {
      if (!ready && event.data === "ready") {
        ready = true;
        send({ type: "ready" });
      } else stray++;
    };
    worker.onmessageerror = () => stray++;
    const files = data.files;
    if (files && typeof files === "object") {
      const buffers = Object.values(files).filter((file) => file instanceof ArrayBuffer);
      worker.postMessage({ type: "files", files }, buffers);
    }
    worker.postMessage("connect", [channel]);
    control.onmessage = (event) => {
      const seq = event.data && event.data.type === "ping" ? event.data.seq : null;
      if (typeof seq === "number") send({ type: "pong", seq, errors, stray });
    };
  });
})();
`;

/**
 * The frame's own policy. `script-src blob:` lets the worker load the code it is given as a
 * blob: made inside the sandbox (importScripts, import()); nothing else may load or connect.
 */
export function framePolicy(hashSource: string): string {
  return [
    "default-src 'none'",
    `script-src ${hashSource} blob:`,
    'worker-src blob:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The Python frame's policy (sandbox-python.html, loaded from the app's origin by URL, so it does
 * not inherit the page's policy): the same, plus 'wasm-unsafe-eval' for Pyodide's WebAssembly.
 * Only this frame and the worker it starts get it; the page never does.
 */
export function pythonFramePolicy(hashSource: string): string {
  return framePolicy(hashSource).replace(
    `script-src ${hashSource} blob:`,
    `script-src ${hashSource} blob: 'wasm-unsafe-eval'`,
  );
}

/** A frame's document: its policy first, so its one script already runs under it. */
export function frameDocumentWith(hashSource: string, policy: (hash: string) => string): string {
  if (FRAME_BOOTSTRAP.includes('</script'))
    throw new Error('The bootstrap must not close its tag.');
  const content = policy(hashSource).replace(/"/g, '&quot;');
  // `content` first: the single-file build rewrites the first `<meta http-equiv="Content-…`
  // it finds in the page (scripts/vite-plugins.ts singleFileCsp), and this text is in the page.
  return `<!doctype html><meta charset="utf-8"><meta content="${content}" http-equiv="Content-Security-Policy"><script>${FRAME_BOOTSTRAP}</script>`;
}
