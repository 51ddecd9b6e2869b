/**
 * The randomness lab's Python session on the page's side: one Python sandbox
 * (python-session.sandbox.ts) kept between runs, so later cells continue the same generator; a
 * console of what ran and what it printed; Stop (the sandbox is removed, whatever it was doing)
 * and Restart. Every answer is checked (core/python-session.ts) before it is shown or compared.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Cancelled, within } from '../../platform/sandbox/deadline';
import {
  PYODIDE_BYTES,
  fetchPyodide,
  openPythonSandbox,
  startPython,
  startedHow,
  type PythonProgress,
} from '../../platform/sandbox/python';
import type { SandboxChannel } from '../../platform/sandbox/channel';
import type { Sandbox } from '../../platform/sandbox/sandbox';
import {
  drawCode,
  parseCellReport,
  parseDrawBits,
  parseDrawKey,
  type CellReport,
  type Draw,
  type RefusedEvent,
} from './core/python-session';
import SESSION_SCRIPT from './python-session.sandbox.ts?sandbox-script';

/** Starting CPython takes seconds; on a slow machine, many. */
const START_LIMIT_MS = 120_000;
/** A cell's time limit: past it the sandbox is removed, whatever the cell is doing. */
export const CELL_LIMIT_MS = 10_000;
/** The console keeps this many entries. */
const MAX_ENTRIES = 60;

export type SessionPhase =
  | { phase: 'off' }
  | { phase: 'fetching'; progress: PythonProgress }
  | { phase: 'starting' }
  /** `session` numbers the interpreters this page has started, from 1. */
  | { phase: 'ready'; version: string; session: number }
  | { phase: 'busy'; version: string; session: number };

export type ConsoleEntry =
  | { kind: 'cell'; id: number; session: number; code: string; report: CellReport }
  | {
      kind: 'question';
      id: number;
      code: string;
      answer: string;
      error: string | null;
      events: RefusedEvent[];
    }
  | { kind: 'note'; id: number; text: string; alarm: boolean };

/** An entry before it has its id (each member of the union on its own). */
type NewEntry = ConsoleEntry extends infer E
  ? E extends ConsoleEntry
    ? Omit<E, 'id'>
    : never
  : never;

export type DrawAnswer = { ok: true; value: number[] | string } | { ok: false; message: string };

interface Live {
  sandbox: Sandbox;
  channel: SandboxChannel;
  version: string;
  session: number;
}

export function usePythonSession() {
  const [phase, setPhase] = useState<SessionPhase>({ phase: 'off' });
  const [entries, setEntries] = useState<ConsoleEntry[]>([]);
  const live = useRef<Live | null>(null);
  const starting = useRef<Promise<Live> | null>(null);
  const controller = useRef(new AbortController());
  const nextId = useRef(1);
  const sessions = useRef(0);

  const add = useCallback((entry: NewEntry) => {
    const id = nextId.current++;
    setEntries((list) => [...list, { ...entry, id } as ConsoleEntry].slice(-MAX_ENTRIES));
  }, []);

  /** Removes the sandbox (and the interpreter in it) and cancels whatever was waiting on it. */
  const kill = useCallback(() => {
    controller.current.abort();
    controller.current = new AbortController();
    live.current?.sandbox.dispose();
    live.current = null;
    starting.current = null;
    setPhase({ phase: 'off' });
  }, []);
  useEffect(() => kill, [kill]);

  const ensure = useCallback((): Promise<Live> => {
    if (live.current) return Promise.resolve(live.current);
    if (starting.current) return starting.current;
    const { signal } = controller.current;
    const start = async (): Promise<Live> => {
      setPhase({ phase: 'fetching', progress: { loaded: 0, total: PYODIDE_BYTES } });
      const files = await fetchPyodide(signal, (progress) => {
        if (!signal.aborted) setPhase({ phase: 'fetching', progress });
      });
      if (signal.aborted) throw new Cancelled();
      setPhase({ phase: 'starting' });
      const sandbox = await openPythonSandbox(SESSION_SCRIPT, files);
      if (signal.aborted) {
        sandbox.dispose();
        throw new Cancelled();
      }
      const channel = sandbox.channel();
      try {
        const { version, restored } = await within(
          startPython(channel),
          sandbox,
          START_LIMIT_MS,
          'Starting Python',
          signal,
        );
        const started = {
          sandbox,
          channel,
          version: version.split(' ')[0]!.slice(0, 40),
          session: ++sessions.current,
        };
        live.current = started;
        add({
          kind: 'note',
          text: `Python ${started.version}, ${startedHow(restored)}: a fresh interpreter, its generator seeded by random.seed() from the operating system.`,
          alarm: false,
        });
        return started;
      } catch (error) {
        sandbox.dispose();
        throw error;
      }
    };
    const promise = start().finally(() => {
      if (starting.current === promise) starting.current = null;
    });
    starting.current = promise;
    return promise;
  }, [add]);

  /** Sends one request to the session, starting it first if need be. */
  const ask = useCallback(
    async (
      op: string,
      payload: unknown,
      what: string,
    ): Promise<{ answer: unknown; session: number }> => {
      const { signal } = controller.current;
      try {
        const session = await ensure();
        setPhase({ phase: 'busy', version: session.version, session: session.session });
        const answer = await within(
          session.channel.request(op, payload),
          session.sandbox,
          CELL_LIMIT_MS,
          what,
          signal,
        );
        if (live.current === session)
          setPhase({ phase: 'ready', version: session.version, session: session.session });
        return { answer, session: session.session };
      } catch (error) {
        // Stopped (a download cut short says so in its own words): nothing more to report.
        if (signal.aborted) throw new Cancelled();
        kill();
        throw error;
      }
    },
    [ensure, kill],
  );

  const failed = useCallback(
    (error: unknown) => {
      if (error instanceof Cancelled) return;
      const message = error instanceof Error ? error.message : String(error);
      add({
        kind: 'note',
        text: `${message} Python was removed with its session; Run starts a fresh one.`,
        alarm: true,
      });
    },
    [add],
  );

  const run = useCallback(
    async (code: string) => {
      try {
        const { answer, session } = await ask('session.run', { code }, 'The cell');
        const report = parseCellReport(answer);
        if (report.ok) add({ kind: 'cell', session, code, report: report.value });
        else add({ kind: 'note', text: report.error.message, alarm: true });
      } catch (error) {
        failed(error);
      }
    },
    [add, ask, failed],
  );

  /** Asks the session for `draw` (after the page has made its prediction). */
  const draw = useCallback(
    async (request: Draw): Promise<DrawAnswer> => {
      const code = drawCode(request);
      try {
        const answer =
          request.kind === 'getrandbits'
            ? parseDrawBits(
                (await ask('session.draw-bits', { count: request.count }, 'The question')).answer,
                request.count,
              )
            : parseDrawKey(
                (
                  await ask(
                    'session.draw-key',
                    { alphabet: request.alphabet, length: request.length },
                    'The question',
                  )
                ).answer,
                request.alphabet,
                request.length,
              );
        if (!answer.ok) {
          add({ kind: 'note', text: answer.error.message, alarm: true });
          return { ok: false, message: answer.error.message };
        }
        const { value, error, events } = answer.value;
        const shown =
          value === null ? '' : typeof value === 'string' ? `'${value}'` : `[${value.join(', ')}]`;
        add({ kind: 'question', code, answer: shown, error, events });
        return value === null
          ? { ok: false, message: error ?? 'The session gave no answer.' }
          : { ok: true, value };
      } catch (error) {
        failed(error);
        return {
          ok: false,
          message:
            error instanceof Cancelled
              ? 'Stopped before the session answered.'
              : error instanceof Error
                ? error.message
                : String(error),
        };
      }
    },
    [add, ask, failed],
  );

  const stop = useCallback(() => {
    kill();
    add({
      kind: 'note',
      text: 'Stopped: Python was removed with everything in it, its generator too. Run starts a fresh session.',
      alarm: true,
    });
  }, [add, kill]);

  const restart = useCallback(() => {
    kill();
    void ensure().catch((error: unknown) => {
      if (!(error instanceof Cancelled)) kill();
      failed(error);
    });
  }, [ensure, failed, kill]);

  return { phase, entries, run, draw, stop, restart };
}

export type PythonSession = ReturnType<typeof usePythonSession>;
