/**
 * The sandbox frame's document: an `<iframe sandbox="allow-scripts" srcdoc>` whose only script is
 * FRAME_BOOTSTRAP. Without `allow-same-origin` the frame gets an opaque origin (HTML, "Sandboxing"),
 * so it and the worker it starts have no cookies, storage, caches, OPFS or service worker, and no
 * reference to the page. Its own policy (framePolicy) allows no connection of any kind; the page's
 * policy applies too (an about:srcdoc document inherits its parent's policy container, and a blob:
 * worker inherits its creator's), and when several policies apply, an action must pass all of
 * them (CSP3 §4.1), so the result is at least as strict as either one. Both need the bootstrap's hash: the page's policy lists it (vite.config.ts
 * hashes frame-bootstrap.ts's string at build time), the frame's policy gets it at run time.
 *
 * The bootstrap does three things and never evaluates what it receives:
 * - accepts one start message, from its parent window only, carrying the worker's script as text
 *   and two MessagePorts (the sandbox's channel and a control port);
 * - starts the worker from a blob: URL made here (the frame is not controlled by the service
 *   worker and may not fetch, so the script must arrive as text), and hands it the channel, after
 *   the files the start message carries, if any (ArrayBuffers, transferred: Pyodide's files);
 * - answers pings on the control port (the page's proof that the frame's process is alive), with
 *   counts of what it dropped: uncaught errors that escaped the worker and stray messages.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToBase64, utf8ToBytes } from '../../core/bytes';
import { FRAME_BOOTSTRAP, frameDocumentWith, framePolicy } from './frame-bootstrap';

export { START_MESSAGE, framePolicy, pythonFramePolicy } from './frame-bootstrap';

/** `'sha256-…'`: the bootstrap's hash as a CSP source expression (CSP3 §2.3.1 hash-source). */
export function bootstrapHashSource(): string {
  return `'sha256-${bytesToBase64(sha256(utf8ToBytes(FRAME_BOOTSTRAP)))}'`;
}

export function frameDocument(hashSource = bootstrapHashSource()): string {
  return frameDocumentWith(hashSource, framePolicy);
}
