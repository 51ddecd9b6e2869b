/**
 * The sandbox frame's only script, as text (frame.ts puts it in the frame's document). It has no
 * imports, so the build (scripts/vite-sandbox.ts) can hash this very string for the page's
 * policy. See frame.ts for what it does; it must not contain the characters `</script`.
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
    worker.postMessage("connect", [channel]);
    control.onmessage = (event) => {
      const seq = event.data && event.data.type === "ping" ? event.data.seq : null;
      if (typeof seq === "number") send({ type: "pong", seq, errors, stray });
    };
  });
})();
`;
