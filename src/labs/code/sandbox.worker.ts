/**
 * The sandbox: a worker that runs the learner's module and the attack battery against it. It is
 * started from a blob: bootstrap (see sandbox-client.ts), so it inherits the page's
 * Content-Security-Policy: no script, connection or font from another origin. On top of that,
 * before the learner's code exists, every way to reach the network from a worker is replaced by
 * a function that refuses and reports the attempt (so a same-origin request is stopped too), and
 * the channel back to the page is kept private. There is no DOM in a worker. The page terminates
 * the worker if a phase runs past its time limit, and after every run.
 *
 * It speaks the platform's job protocol (one "run" request, progress events, one result) but
 * keeps its own copy of postMessage, since the learner's code shares this global scope.
 */
import type { JobMessage, JobRequest } from '../../platform/worker-protocol';
import { runBattery, type BatteryReport, type Phase } from './core/battery';
import {
  compileLearnerCode,
  importRefusal,
  SCRIPT_GLOBAL,
  type CompileError,
  type Language,
} from './core/compile';
import { learnerGlobals, PythonRandomModule } from './core/learner-api';
import { pickExports } from './core/learner';
import type { AttackResult } from './core/report';
import type { TimingProgress } from './core/timing';

export interface SandboxRequest {
  source: string;
  language: Language;
  /** Sampling time for the timing measurement (ms). */
  timingBudgetMs: number;
  /** Longest time to spend collecting tokens (ms). */
  tokenBudgetMs: number;
  secretLengths: [number, number];
}

/** Something the learner's code tried that the sandbox refused. */
export interface BlockedCall {
  api: string;
  detail: string;
}

export type SandboxEvent =
  | { kind: 'phase'; phase: Phase | 'compile' | 'load' }
  | { kind: 'timing'; progress: TimingProgress }
  | { kind: 'result'; result: AttackResult }
  | { kind: 'blocked'; call: BlockedCall }
  | { kind: 'console'; level: string; text: string };

export type SandboxOutcome =
  | { status: 'compile-error'; error: CompileError }
  | { status: 'load-error'; message: string }
  | { status: 'done'; report: BatteryReport; crossOriginIsolated: boolean };

export type SandboxApi = {
  run: { payload: SandboxRequest; progress: SandboxEvent; result: SandboxOutcome };
};

// Everything the sandbox itself needs, taken before the learner's code can replace it.
const scope = self as unknown as Record<string, unknown> & typeof globalThis;
const post = self.postMessage.bind(self) as (message: JobMessage) => void;
const now = performance.now.bind(performance);
const makeObjectUrl = URL.createObjectURL.bind(URL);
const isolated = self.crossOriginIsolated;
const safeString = String;
// The single-file build's workers are classic scripts (Chromium refuses module workers from blob:
// URLs in a file:// page): there the learner's code is loaded with importScripts, not import().
const CLASSIC = import.meta.env.MODE === 'single';
const loadScript = CLASSIC ? (scope.importScripts as (url: string) => void).bind(self) : null;

type LearnerFunction = (exports: object, require: (name: unknown) => never) => Promise<void>;

/** Loads the compiled code from a blob: URL (allowed by the policy: script-src 'self' blob:). */
async function loadLearner(url: string): Promise<LearnerFunction> {
  if (loadScript) {
    loadScript(url);
    const fn = scope[SCRIPT_GLOBAL] as LearnerFunction;
    delete scope[SCRIPT_GLOBAL];
    return fn;
  }
  return ((await import(/* @vite-ignore */ url)) as { default: LearnerFunction }).default;
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
const STORAGE = ['indexedDB', 'caches', 'fonts'];

let report: (event: SandboxEvent) => void = () => {};

function describeTarget(args: unknown[]): string {
  const first = args[0];
  if (typeof first === 'string') return first.slice(0, 200);
  if (first && typeof first === 'object' && 'url' in first)
    return safeString((first as { url: unknown }).url).slice(0, 200);
  return first === undefined ? '' : safeString(first).slice(0, 200);
}

/** Replaces `name` on the global object and every prototype it is defined on. */
function replaceEverywhere(name: string, value: unknown): void {
  for (let target: object | null = self; target; target = Object.getPrototypeOf(target)) {
    if (!Object.prototype.hasOwnProperty.call(target, name)) continue;
    Object.defineProperty(target, name, { value, writable: false, configurable: false });
  }
}

function neutraliseNetwork(): void {
  const refuse = (api: string) =>
    function refused(...args: unknown[]): never {
      const detail = describeTarget(args);
      report({ kind: 'blocked', call: { api, detail } });
      throw new TypeError(
        `${api}${detail ? `('${detail}')` : ''} was blocked: code in the sandbox has no network access.`,
      );
    };
  for (const name of [...NETWORK_FUNCTIONS, ...NETWORK_CONSTRUCTORS])
    if (name in self) replaceEverywhere(name, refuse(name));
  for (const name of STORAGE) if (name in self) replaceEverywhere(name, undefined);
  const navigator = scope.navigator as unknown as Record<string, unknown> | undefined;
  if (navigator && 'serviceWorker' in navigator)
    Object.defineProperty(navigator, 'serviceWorker', { value: undefined });
  Object.defineProperty(URL, 'createObjectURL', {
    value: refuse('URL.createObjectURL'),
    writable: false,
    configurable: false,
  });
}

function captureConsole(): void {
  let left = 200;
  const forward =
    (level: string) =>
    (...args: unknown[]) => {
      if (left-- <= 0) return;
      const text = args
        .map((a) => {
          if (typeof a === 'string') return a;
          try {
            return JSON.stringify(a) ?? safeString(a);
          } catch {
            return safeString(a);
          }
        })
        .join(' ')
        .slice(0, 500);
      report({
        kind: 'console',
        level,
        text: left === 0 ? `${text} (further output dropped)` : text,
      });
    };
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const)
    (console as unknown as Record<string, unknown>)[level] = forward(level);
  // Errors the learner's code leaves behind (a timer that throws, a rejected promise) go to the
  // report, not to the browser console.
  self.addEventListener('error', (event) => {
    event.preventDefault();
    report({ kind: 'console', level: 'error', text: `Uncaught ${event.message}` });
  });
  self.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    const reason = event.reason as unknown;
    report({
      kind: 'console',
      level: 'error',
      text: `Unhandled rejection: ${reason instanceof Error ? reason.message : safeString(reason)}`,
    });
  });
}

async function run(request: SandboxRequest): Promise<SandboxOutcome> {
  report({ kind: 'phase', phase: 'compile' });
  const compiled = compileLearnerCode(
    request.source,
    request.language,
    CLASSIC ? 'script' : 'module',
  );
  if (!compiled.ok) return { status: 'compile-error', error: compiled.error };
  const url = makeObjectUrl(new Blob([compiled.value], { type: 'text/javascript' }));

  neutraliseNetwork();
  captureConsole();
  const random = new PythonRandomModule();
  for (const [name, value] of Object.entries(learnerGlobals(random)))
    Object.defineProperty(self, name, { value, writable: true, configurable: true });

  report({ kind: 'phase', phase: 'load' });
  const exports: Record<string, unknown> = {};
  try {
    const learner = await loadLearner(url);
    await learner(exports, (name) => {
      throw new Error(importRefusal(name));
    });
  } catch (error) {
    return {
      status: 'load-error',
      message: `Your module threw while loading: ${error instanceof Error ? `${error.name}: ${error.message}` : safeString(error)}`,
    };
  }
  const picked = pickExports(exports);
  if (!picked.ok) return { status: 'load-error', message: picked.error.message };

  const battery = await runBattery(
    picked.value,
    {
      now,
      random,
      secretLengths: request.secretLengths,
      timingBudgetMs: request.timingBudgetMs,
      tokens: { collectBudgetMs: request.tokenBudgetMs },
    },
    {
      onPhase: (phase) => report({ kind: 'phase', phase }),
      onTiming: (progress) => report({ kind: 'timing', progress }),
      onResult: (result) => report({ kind: 'result', result }),
    },
  );
  return { status: 'done', report: battery, crossOriginIsolated: isolated };
}

let started = false;
self.addEventListener('message', (event: MessageEvent<JobRequest>) => {
  // One run per worker: the page starts a fresh sandbox for the next one.
  if (started || !event.isTrusted) return;
  started = true;
  const { id, payload } = event.data;
  report = (data) => post({ id, kind: 'progress', data });
  run(payload as SandboxRequest).then(
    (data) => post({ id, kind: 'done', data }),
    (error: unknown) =>
      post({
        id,
        kind: 'error',
        message: error instanceof Error ? `${error.name}: ${error.message}` : safeString(error),
      }),
  );
});
