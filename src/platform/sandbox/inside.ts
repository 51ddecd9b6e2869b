/**
 * The part of the sandbox that runs inside it, in the worker the sandbox frame starts: a lab's
 * sandbox script (`*.sandbox.ts`, bundled into one classic script by scripts/vite-sandbox.ts)
 * calls `serveSandbox` with its handlers, before any learner-supplied code exists.
 *
 * Everything it needs later is taken now, while the realm is still untouched: the channel's
 * postMessage, the functions that load code, the clock. Then:
 * - console output, uncaught errors and unhandled rejections become notices, each cut to
 *   MAX_NOTICE_TEXT characters, at most MAX_NOTICES_PER_KIND per kind, the rest only counted;
 * - every way to reach the network or storage is replaced by a function that refuses and says so
 *   (a notice), except that fetch answers for the files the page handed in at start (MEMORY_FILES:
 *   Pyodide's, in the Python sandbox), from memory. This is for the learner's benefit: the walls are the frame's opaque origin and
 *   its Content-Security-Policy, which hold even if the code undoes these replacements.
 *
 * The learner's code shares this realm and may patch any built-in. Nothing that decides a verdict
 * runs here: handlers only call the code and pass back what it returned, and the app checks it.
 * What this file does after the code has loaded uses only what it took beforehand, reads only own
 * properties of objects it made or received from the app, and never resolves a promise with an
 * object.
 */
import {
  MAX_NOTICES_PER_KIND,
  MAX_NOTICE_TEXT,
  NOTICE_KINDS,
  type NoticeKind,
  type SandboxMessage,
} from './protocol';

/**
 * A request handler. It answers by calling `reply` (once), never by returning the answer: a
 * promise resolved with an object looks up `.then` on it, and the learner's code may have put a
 * `then` on Object.prototype. A handler may be async, but its promise must carry nothing.
 */
export type SandboxHandler = (payload: unknown, reply: (value: unknown) => void) => unknown;

type Scope = Record<string, unknown> & typeof globalThis;
const scope = self as unknown as Scope;

// Taken before any learner code runs (module evaluation order puts this before any handler).
const postToFrame = (self.postMessage as (message: unknown) => void).bind(self);
const addListener = self.addEventListener.bind(self);
const loadClassic = (scope.importScripts as (url: string) => void).bind(self);
const makeObjectUrl = URL.createObjectURL.bind(URL);
const revokeObjectUrl = URL.revokeObjectURL.bind(URL);
const BlobConstructor = Blob;
const ResponseConstructor = Response;
const defineProperty = Object.defineProperty;
const getPrototypeOf = Object.getPrototypeOf;
const hasOwn = Object.hasOwn;
const apply = Reflect.apply;
const stringOf = String;
const sliceString = String.prototype.slice;
const typeOf = (value: unknown) => typeof value;

/** `String(value)` that never throws (a learner's toString may), cut to the notice length. */
export function safeText(value: unknown, max = MAX_NOTICE_TEXT): string {
  let text: string;
  try {
    text = typeOf(value) === 'string' ? (value as string) : stringOf(value);
  } catch {
    text = '(a value that cannot be shown)';
  }
  if (typeOf(text) !== 'string') return '(a value that cannot be shown)';
  return text.length > max ? `${apply(sliceString, text, [0, max]) as string}…` : text;
}

/** An error as `Name: message`, without trusting its getters. */
export function errorText(error: unknown, max = MAX_NOTICE_TEXT): string {
  if (typeOf(error) === 'object' && error !== null) {
    try {
      const name = (error as { name?: unknown }).name;
      const message = (error as { message?: unknown }).message;
      if (typeOf(name) === 'string' && typeOf(message) === 'string')
        return safeText(`${name as string}: ${message as string}`, max);
    } catch {
      // Fall back to String(error).
    }
  }
  return safeText(error, max);
}

function blobUrl(text: string, type: string): string {
  return makeObjectUrl(new BlobConstructor([text], { type }));
}

/** Runs `text` as a classic script (importScripts of a blob: made here; the policy allows blob:). */
export function runClassicScript(text: string): void {
  const url = blobUrl(text, 'text/javascript');
  try {
    loadClassic(url);
  } finally {
    revokeObjectUrl(url);
  }
}

/** Imports `text` as an ES module (from a blob: made here) and returns its namespace. */
export async function importModuleText(text: string): Promise<Record<string, unknown>> {
  const url = blobUrl(text, 'text/javascript');
  try {
    return (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  } finally {
    revokeObjectUrl(url);
  }
}

/**
 * Where the files handed in at start are served: `fetch(MEMORY_FILES + name)` answers with the
 * file, from memory (the frame may fetch nothing). The Python sandbox gets Pyodide this way.
 */
export const MEMORY_FILES = 'memory:/files/';
const files = new Map<string, ArrayBuffer>();
const CONTENT_TYPES: Record<string, string> = {
  wasm: 'application/wasm',
  json: 'application/json',
  mjs: 'text/javascript',
  zip: 'application/zip',
};

/** A file handed in at start, or undefined. */
export function memoryFile(name: string): ArrayBuffer | undefined {
  return files.get(name);
}

let send: (message: SandboxMessage) => void = () => {};
const seen: Record<NoticeKind, number> = { console: 0, error: 0, blocked: 0 };

/** Reports a notice, unless this kind has reached its cap (then it is only counted). */
export function notify(kind: NoticeKind, label: string, text: string): void {
  if (++seen[kind] > MAX_NOTICES_PER_KIND) return;
  send({ kind: 'notice', notice: { kind, label, text: safeText(text) } });
}

const NETWORK_FUNCTIONS = ['fetch', 'importScripts', 'postMessage'];
const NETWORK_CONSTRUCTORS = [
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'EventSource',
  'WebTransport',
  'Worker',
  'SharedWorker',
  'FontFace',
  'BroadcastChannel',
  'RTCPeerConnection',
];
const STORAGE = ['indexedDB', 'caches', 'fonts', 'cookieStore'];

function describeTarget(args: unknown[]): string {
  const first = args[0];
  if (typeOf(first) === 'object' && first !== null) {
    try {
      const url = (first as { url?: unknown }).url;
      if (url !== undefined) return safeText(url, 200);
    } catch {
      return '';
    }
  }
  return first === undefined ? '' : safeText(first, 200);
}

/** Replaces `name` on the global object and on every prototype that defines it. */
function replaceEverywhere(name: string, value: unknown): void {
  for (let target: object | null = self; target; target = getPrototypeOf(target) as object | null) {
    if (!hasOwn(target, name)) continue;
    try {
      defineProperty(target, name, { value, writable: false, configurable: false });
    } catch {
      // A property the engine will not let go of stays; the policy still stands behind it.
    }
  }
}

function refuse(api: string) {
  return function refused(...args: unknown[]): never {
    const detail = describeTarget(args);
    notify('blocked', api, detail);
    throw new TypeError(
      `${api}${detail ? `('${detail}')` : ''} was blocked: code in the sandbox has no network access.`,
    );
  };
}

/** fetch: the files handed in at start, from memory; anything else is refused. */
function fetchFromMemory(): (...args: unknown[]) => Promise<Response> {
  const refused = refuse('fetch');
  return function fetch(...args: unknown[]): Promise<Response> {
    const target = args[0];
    const url = typeOf(target) === 'string' || target instanceof URL ? safeText(target, 300) : '';
    const name = url.startsWith(MEMORY_FILES) ? url.slice(MEMORY_FILES.length) : '';
    const file = name ? files.get(name) : undefined;
    if (!file) return refused(...args);
    const type = CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
    return Promise.resolve(
      new ResponseConstructor(file, { status: 200, headers: { 'Content-Type': type } }),
    );
  };
}

function closeTheDoors(): void {
  for (const name of [...NETWORK_FUNCTIONS, ...NETWORK_CONSTRUCTORS])
    if (name in self) replaceEverywhere(name, name === 'fetch' ? fetchFromMemory() : refuse(name));
  for (const name of STORAGE) if (name in self) replaceEverywhere(name, undefined);
  const navigator = scope.navigator as unknown as Record<string, unknown> | undefined;
  for (const name of ['serviceWorker', 'storage', 'locks'])
    if (navigator && name in navigator)
      for (let t: object | null = navigator; t; t = getPrototypeOf(t) as object | null)
        if (hasOwn(t, name)) defineProperty(t, name, { value: undefined, configurable: false });
  defineProperty(URL, 'createObjectURL', {
    value: refuse('URL.createObjectURL'),
    writable: false,
    configurable: false,
  });
}

function captureConsole(): void {
  const forward =
    (level: string) =>
    (...args: unknown[]) => {
      // Past the cap only the count moves: no string is built for a line nobody will see.
      if (seen.console >= MAX_NOTICES_PER_KIND) {
        seen.console++;
        return;
      }
      let text = '';
      for (let i = 0; i < args.length && text.length <= MAX_NOTICE_TEXT; i++) {
        const arg = args[i];
        let part: string;
        if (typeOf(arg) === 'string') part = arg as string;
        else
          try {
            part = JSON.stringify(arg) ?? safeText(arg);
          } catch {
            part = safeText(arg);
          }
        text += (i > 0 ? ' ' : '') + safeText(part);
      }
      notify('console', level, text);
    };
  const target = console as unknown as Record<string, unknown>;
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'])
    defineProperty(target, level, { value: forward(level), writable: true, configurable: true });
  // Errors the code leaves behind (a timer that throws, a rejected promise) become notices, not
  // browser console messages; the listeners come first, so the code cannot get in before them.
  addListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    // Chromium's message already starts "Uncaught …"; others' may not.
    const message = safeText(event.message);
    const prefixed = apply(sliceString, message, [0, 9]) === 'Uncaught ';
    notify('error', 'uncaught', prefixed ? message : `Uncaught ${message}`);
  });
  addListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    event.preventDefault();
    notify('error', 'unhandledrejection', `Unhandled rejection: ${errorText(event.reason)}`);
  });
}

/**
 * Serves `handlers` on the channel the frame hands over. Call once, at the top of a sandbox
 * script. `sandbox.counts` answers how many notices of each kind there were, kept or not.
 */
export function serveSandbox(handlers: Record<string, SandboxHandler>): void {
  closeTheDoors();
  captureConsole();
  let connected = false;
  addListener('message', (event: MessageEvent) => {
    // The files the frame forwards from the start message come just before the channel.
    const data = event.data as { type?: unknown; files?: unknown } | null;
    if (!connected && event.isTrusted && typeOf(data) === 'object' && data?.type === 'files') {
      const given = data.files;
      if (typeOf(given) === 'object' && given !== null)
        for (const [name, file] of Object.entries(given as Record<string, unknown>))
          if (file instanceof ArrayBuffer) files.set(name, file);
      return;
    }
    // Only the frame's first, real message carries the channel; nothing later is listened to.
    if (connected || !event.isTrusted || event.data !== 'connect' || event.ports.length !== 1)
      return;
    connected = true;
    const port = event.ports[0]!;
    send = port.postMessage.bind(port) as (message: SandboxMessage) => void;
    port.onmessage = (message: MessageEvent) => void answer(message.data);
    postToFrame('ready');
  });

  function fail(id: number, error: unknown): void {
    try {
      send({ kind: 'error', id, message: errorText(error) });
    } catch {
      send({ kind: 'error', id, message: 'The sandbox could not send its answer.' });
    }
  }

  async function answer(data: unknown): Promise<void> {
    if (typeOf(data) !== 'object' || data === null) return;
    const { id, op, payload } = data as Record<string, unknown>;
    if (typeOf(id) !== 'number' || typeOf(op) !== 'string') return;
    const requestId = id as number;
    let replied = false;
    const reply = (value: unknown) => {
      if (replied) return;
      replied = true;
      try {
        send({ kind: 'answer', id: requestId, value });
      } catch (error) {
        fail(requestId, error);
      }
    };
    try {
      if (op === 'sandbox.counts') {
        const counts: Record<string, number> = {};
        for (const kind of NOTICE_KINDS) counts[kind] = seen[kind];
        reply(counts);
        return;
      }
      const handler = hasOwn(handlers, op as string) ? handlers[op as string] : undefined;
      if (!handler) throw new Error(`Unknown request "${op as string}".`);
      await handler(payload, reply);
      if (!replied) throw new Error(`The handler for "${op as string}" did not answer.`);
    } catch (error) {
      if (!replied) {
        replied = true;
        fail(requestId, error);
      }
    }
  }
}
