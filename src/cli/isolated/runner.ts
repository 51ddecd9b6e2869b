/**
 * Runs untrusted work (a learner's module, a pickle) in a separate Node process, the CLI's isolated
 * child, and talks to it over a checked line protocol (protocol.ts). The child gets:
 *
 * - Node's permission model (--experimental-permission): no file writes, reads only of the CLI's
 *   own bundle folder and the paths a mode needs (Pyodide's package), no child processes, no
 *   worker threads, no addons, no WASI, no inspector. The untrusted input itself (module text,
 *   pickle bytes) arrives over the channel, so the child never reads the user's files.
 * - No network: on Linux it starts inside new network and PID namespaces (`unshare --net --pid`,
 *   as root, or with a user namespace otherwise), which hold only a loopback interface that is
 *   down, and from which no other process on the machine can be signalled. Where that is not
 *   possible the CLI refuses to run untrusted code unless the user passes --allow-network.
 * - An empty environment, `/` as its working directory.
 * - Limits: --max-old-space-size for the JavaScript heap, a watch on the resident memory of the
 *   whole child (WebAssembly memory and buffers live outside that heap), and a time limit per
 *   request. The CLI kills the child when one is passed and says which.
 *
 * The child's stdout and stderr are kept (the first few thousand characters, the rest counted)
 * and never reach the CLI's own stdout, so a module that prints cannot change the CLI's output.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, ok, type Result } from '../../core/result';
import {
  LineSplitter,
  MAX_BAD_LINES,
  OutputTail,
  parseChildLine,
  type ChildMessage,
} from './protocol';

export type ChildMode = 'pickle' | 'pyodide-snapshot' | 'learner' | 'python-learner';

export interface IsolationOptions {
  mode: ChildMode;
  /** Arguments after the mode (paths the mode needs). */
  args?: readonly string[];
  /** Files or folders the child may read besides its own bundle. */
  readPaths?: readonly string[];
  /** The one file the child may write (only the Pyodide snapshot maker gets one). */
  writePath?: string;
  /** JavaScript heap limit (MB). */
  heapMb?: number;
  /** Resident memory limit for the whole child (MB). */
  memoryMb?: number;
  /** Time the child may take to start and say it is ready (ms). */
  startMs?: number;
  /** Run without a network namespace when none can be made (the user said --allow-network). */
  allowNetwork?: boolean;
  /** The child's bundled entry (default: child.js beside this module; tests name the CLI's build). */
  entry?: string;
}

/** How the child was confined, for the report. */
export type NetworkConfinement = 'namespace' | 'none (--allow-network)';

export interface ChildActivity {
  network: NetworkConfinement;
  stdout: { text: string; droppedChars: number };
  stderr: { text: string; droppedChars: number };
  /** Lines on the channel without the run's token (written by untrusted code), ignored. */
  forgedLines: number;
  /** Lines longer than the protocol allows, dropped. */
  overlongLines: number;
}

const DEFAULTS = { heapMb: 256, memoryMb: 1024, startMs: 60_000 };
const MEMORY_POLL_MS = 50;

/** The child's entry, bundled beside this module by scripts/cli.mjs. */
export function childEntry(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'child.js');
}

export interface Confinement {
  /** The command and arguments in front of `node …`, or [] for none. */
  prefix: string[];
  network: NetworkConfinement;
}

let probed: { prefix: string[] | null; why: string } | null = null;

function findOnPath(name: string): string | null {
  const dirs = [
    '/usr/bin',
    '/bin',
    '/usr/sbin',
    '/sbin',
    ...(process.env.PATH ?? '').split(delimiter),
  ];
  for (const dir of dirs) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return null;
}

/**
 * Finds a way to start the child in empty network and PID namespaces: as root `unshare --net
 * --pid`; otherwise the same inside a user namespace. Probed once per CLI run by starting
 * `node --version` that way.
 */
export function probeNamespaces(): { prefix: string[] | null; why: string } {
  if (probed) return probed;
  if (process.platform !== 'linux') {
    probed = {
      prefix: null,
      why: `network namespaces exist only on Linux (this is ${process.platform})`,
    };
    return probed;
  }
  const unshare = findOnPath('unshare');
  if (!unshare) {
    probed = { prefix: null, why: 'the unshare command (util-linux) is not installed' };
    return probed;
  }
  let why = '';
  for (const user of [[], ['--user', '--map-root-user']]) {
    const prefix = [unshare, ...user, '--net', '--pid', '--fork', '--kill-child', '--'];
    const result = spawnSync(prefix[0]!, [...prefix.slice(1), process.execPath, '--version'], {
      encoding: 'utf8',
      env: {},
      timeout: 10_000,
    });
    if (result.status === 0) {
      probed = { prefix, why: '' };
      return probed;
    }
    why ||= (result.stderr || result.error?.message || `exit status ${result.status}`)
      .trim()
      .split('\n')[0]!;
  }
  probed = { prefix: null, why: `unshare --net failed: ${why}` };
  return probed;
}

/** How to start the child, given what the probe found and whether the user allowed the network. */
export function chooseConfinement(
  probe: { prefix: string[] | null; why: string },
  allowNetwork: boolean,
): Result<Confinement> {
  if (probe.prefix) return ok({ prefix: probe.prefix, network: 'namespace' });
  if (allowNetwork) return ok({ prefix: [], network: 'none (--allow-network)' });
  return fail(
    'isolation/no-network-namespace',
    `Refusing to run untrusted code without cutting it off the network: ${probe.why}. Run as root or where user namespaces are allowed, or run the CLI in a container without a network (docker run --network none …) and pass --allow-network.`,
  );
}

/** Resident memory (bytes) of a process and its children, from /proc; null if unknown. */
function residentBytes(pid: number): number | null {
  try {
    let total = 0;
    const pids = [pid];
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' '))
      if (child.trim()) pids.push(Number(child));
    for (const p of pids) {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (match) total += Number(match[1]) * 1024;
    }
    return total;
  } catch {
    return null;
  }
}

interface Pending {
  resolve: (result: Result<unknown>) => void;
  timer: NodeJS.Timeout;
  limitMs: number;
}

const LIMIT_MESSAGES = {
  time: (ms: number) => `the isolated child passed its time limit (${ms / 1000} s) and was stopped`,
  memory: (mb: number) => `the isolated child passed its memory limit (${mb} MB) and was stopped`,
};

export class IsolatedChild {
  private readonly process: ChildProcess;
  private readonly token = randomBytes(32).toString('hex');
  private readonly lines = new LineSplitter();
  private readonly stdout = new OutputTail();
  private readonly stderr = new OutputTail();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private forgedLines = 0;
  private ended: Result<never> | null = null;
  private onReady: ((result: Result<void>) => void) | null = null;
  private readonly memoryTimer: NodeJS.Timeout | null;

  private constructor(
    private readonly options: IsolationOptions & typeof DEFAULTS,
    private readonly confined: Confinement,
    entry: string,
  ) {
    const bundle = dirname(entry);
    const nodeArgs = [
      '--experimental-permission',
      `--allow-fs-read=${bundle}`,
      ...(options.readPaths ?? []).map((path) => `--allow-fs-read=${path}`),
      ...(options.writePath ? [`--allow-fs-write=${options.writePath}`] : []),
      `--max-old-space-size=${options.heapMb}`,
      '--no-warnings',
      entry,
      options.mode,
      ...(options.args ?? []),
    ];
    const [command, ...prefixArgs] = [...confined.prefix, process.execPath];
    this.process = spawn(command!, [...prefixArgs, ...nodeArgs], {
      cwd: '/',
      env: {},
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    this.process.stdout!.on('data', (chunk: Buffer) => this.stdout.push(chunk));
    this.process.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    (this.process.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) =>
      this.receive(chunk),
    );
    this.process.stdin!.on('error', () => {
      // The child went away; its exit is reported by the 'exit' handler.
    });
    this.process.on('error', (error) => this.end('isolation/crashed', error.message));
    this.process.on('close', (code, signal) => {
      const stderr = this.stderr.text;
      if (
        /heap out of memory|Reached heap limit|invalid array length|Allocation failed/i.test(stderr)
      )
        this.end(
          'isolation/memory-limit',
          LIMIT_MESSAGES.memory(this.options.heapMb) + ' (JavaScript heap)',
        );
      else
        this.end(
          'isolation/crashed',
          `the isolated child stopped unexpectedly (${signal ? `signal ${signal}` : `exit status ${code}`})${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-1)[0]!.slice(0, 300)}` : ''}`,
        );
    });
    this.memoryTimer =
      process.platform === 'linux'
        ? setInterval(() => {
            const bytes = this.process.pid ? residentBytes(this.process.pid) : null;
            if (bytes !== null && bytes > this.options.memoryMb * 1024 * 1024)
              this.kill('isolation/memory-limit', LIMIT_MESSAGES.memory(this.options.memoryMb));
          }, MEMORY_POLL_MS)
        : null;
    this.memoryTimer?.unref();
    this.process.stdin!.write(`${JSON.stringify({ token: this.token })}\n`);
  }

  /** Starts a child and waits until it says it is ready (its harness is in place). */
  static async start(options: IsolationOptions): Promise<Result<IsolatedChild>> {
    const entry = options.entry ?? childEntry();
    if (!existsSync(entry))
      return fail(
        'isolation/not-built',
        `The isolated child is missing (${entry}); run the CLI through scripts/cli.mjs, which builds it.`,
      );
    const confined = chooseConfinement(probeNamespaces(), options.allowNetwork ?? false);
    if (!confined.ok) return confined;
    const child = new IsolatedChild({ ...DEFAULTS, ...options }, confined.value, entry);
    const ready = await new Promise<Result<void>>((resolve) => {
      const timer = setTimeout(
        () => child.kill('isolation/time-limit', LIMIT_MESSAGES.time(child.options.startMs)),
        child.options.startMs,
      );
      child.onReady = (result) => {
        clearTimeout(timer);
        resolve(result);
      };
    });
    if (!ready.ok) return ready;
    return ok(child);
  }

  /** Sends one request and waits for its answer, killing the child after `limitMs`. */
  request(op: string, payload: unknown, limitMs: number): Promise<Result<unknown>> {
    if (this.ended) return Promise.resolve(this.ended);
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => this.kill('isolation/time-limit', LIMIT_MESSAGES.time(limitMs)),
        limitMs,
      );
      this.pending.set(id, { resolve, timer, limitMs });
      this.process.stdin!.write(`${JSON.stringify({ id, op, payload })}\n`);
    });
  }

  /** What the child did besides answering. */
  activity(): ChildActivity {
    return {
      network: this.confined.network,
      stdout: { text: this.stdout.text, droppedChars: this.stdout.droppedChars },
      stderr: { text: this.stderr.text, droppedChars: this.stderr.droppedChars },
      forgedLines: this.forgedLines,
      overlongLines: this.lines.overlong,
    };
  }

  /** Stops the child (it has nothing to save) and waits until it is gone. */
  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      const gone = new Promise((resolve) => this.process.once('close', resolve));
      this.kill('isolation/stopped', 'the isolated child was stopped');
      await gone;
    }
  }

  private kill(code: string, message: string): void {
    this.end(code, message);
    this.process.kill('SIGKILL');
  }

  private end(code: string, message: string): void {
    if (this.memoryTimer) clearInterval(this.memoryTimer);
    if (this.ended) return;
    this.ended = fail(code, message);
    this.onReady?.(this.ended);
    this.onReady = null;
    for (const [, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.resolve(this.ended);
    }
    this.pending.clear();
  }

  private receive(chunk: Buffer): void {
    for (const line of this.lines.push(chunk)) {
      const message = parseChildLine(line, this.token);
      if (!message) {
        if (++this.forgedLines > MAX_BAD_LINES)
          this.kill('isolation/flood', 'the isolated child flooded its channel and was stopped');
        continue;
      }
      this.deliver(message);
    }
  }

  private deliver(message: ChildMessage): void {
    if (message.kind === 'ready') {
      this.onReady?.(ok(undefined));
      this.onReady = null;
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    pending.resolve(
      message.kind === 'answer' ? ok(message.value) : fail(message.code, message.message),
    );
  }
}
