/**
 * The attack battery's worker: the app's own code, in the app's own realm. It compiles the
 * learner's source (compile.ts), has the sandbox load it, and runs the battery against it over
 * the sandbox's channel (a MessagePort the page hands over), checking every answer
 * (core/learner-protocol.ts). The learner's code never runs here, so nothing it patches can reach
 * a verdict.
 *
 * A thin switch: one "run" request, progress events (phases, timing, results, what the code
 * printed or was refused), one outcome. The page gives each phase a time limit and ends this
 * worker and the sandbox after the run.
 */
import { SandboxChannel, SandboxError } from '../../platform/sandbox/channel';
import type { SandboxNotice } from '../../platform/sandbox/protocol';
import type { StartRequest } from '../../platform/sandbox/python-snapshot';
import { serveWorker } from '../../platform/worker-host';
import { runBattery, type BatteryReport, type Phase } from './core/battery';
import { compileLearnerCode, type CompileError } from './core/compile';
import type { ModuleLanguage } from './core/languages';
import { decodePythonAnswer, encodePythonRequest, parsePythonAudit } from './core/python-wire';
import { LearnerError } from './core/learner';
import { parseLoadAnswer } from './core/learner-protocol';
import { remoteLearner, type LearnerTransport } from './core/remote-learner';
import type { AttackResult } from './core/report';
import type { TimingProgress } from './core/timing';

export interface BatteryRequest {
  source: string;
  language: ModuleLanguage;
  /** Sampling time for the timing measurement (ms). */
  timingBudgetMs: number;
  /** Longest time to spend collecting tokens (ms). */
  tokenBudgetMs: number;
  secretLengths: [number, number];
  /** Python: the page's `python.start` request (platform/sandbox/python-snapshot.ts). */
  pythonStart?: StartRequest;
  /** The sandbox's channel, transferred from the page. */
  port: MessagePort;
}

/** Something the learner's code tried that the sandbox refused. */
export interface BlockedCall {
  api: string;
  detail: string;
}

export type BatteryEvent =
  | { kind: 'phase'; phase: Phase | 'compile' | 'python' | 'load' }
  /** Pyodide's files coming in (sent by the page, before the sandbox starts). */
  | { kind: 'python-progress'; loaded: number; total: number }
  /** The sandbox's answer to `python.start`, for the page to take in (it may carry a snapshot). */
  | { kind: 'python-started'; answer: unknown }
  | { kind: 'timing'; progress: TimingProgress }
  | { kind: 'result'; result: AttackResult }
  | { kind: 'blocked'; call: BlockedCall }
  | { kind: 'console'; level: string; text: string };

/** How many lines of each kind the code produced, shown or not (floods are counted, not kept). */
export type NoticeCounts = { console: number; error: number; blocked: number };

export type BatteryOutcome =
  | { status: 'compile-error'; error: CompileError }
  | { status: 'load-error'; message: string }
  | {
      status: 'done';
      report: BatteryReport;
      crossOriginIsolated: boolean;
      notices: NoticeCounts;
    };

export type BatteryApi = {
  run: { payload: BatteryRequest; progress: BatteryEvent; result: BatteryOutcome };
};

function noticeEvent(notice: SandboxNotice): BatteryEvent {
  if (notice.kind === 'blocked')
    return { kind: 'blocked', call: { api: notice.label, detail: notice.text } };
  return {
    kind: 'console',
    level: notice.kind === 'error' ? 'error' : notice.label,
    text: notice.text,
  };
}

/** The sandbox's own counts (they include what it stopped sending), if it answers soon. */
async function countNotices(channel: SandboxChannel): Promise<NoticeCounts> {
  const here = channel.notices.counts();
  let timer = 0;
  const inside = await Promise.race([
    channel.counts().catch(() => null),
    new Promise<null>((resolve) => (timer = self.setTimeout(() => resolve(null), 250))),
  ]);
  self.clearTimeout(timer);
  return {
    console: Math.max(here.console, inside?.console ?? 0),
    error: Math.max(here.error, inside?.error ?? 0),
    blocked: Math.max(here.blocked, inside?.blocked ?? 0),
  };
}

/** The audit events a Python module raised (each refused), as the sandbox's refused calls. */
async function reportAudit(
  channel: SandboxChannel,
  progress: (event: BatteryEvent) => void,
): Promise<number> {
  try {
    const decoded = decodePythonAnswer('events', await channel.request('events', { json: '{}' }));
    const audit = decoded.ok ? parsePythonAudit(decoded.value) : decoded;
    if (!audit.ok) return 0;
    for (const { event, args } of audit.value.events)
      progress({
        kind: 'blocked',
        call: { api: `Python: ${event}`, detail: JSON.stringify(args).slice(0, 300) },
      });
    return audit.value.events.length + audit.value.eventsDropped;
  } catch {
    return 0;
  }
}

serveWorker<BatteryApi>({
  run: async (request, progress) => {
    const python = request.language === 'python';
    let code = request.source;
    if (request.language !== 'python') {
      progress({ kind: 'phase', phase: 'compile' });
      const compiled = compileLearnerCode(request.source, request.language, 'script');
      if (!compiled.ok) return { status: 'compile-error', error: compiled.error };
      code = compiled.value;
    }

    const channel = new SandboxChannel(request.port, (notice) => progress(noticeEvent(notice)));
    try {
      // Requests to the Python harness travel as JSON text, and its answers are decoded here
      // (then checked by the protocol's parsers, as for any transport).
      const ask = async (op: Parameters<LearnerTransport>[0] | 'load', payload: unknown) => {
        if (!python) return channel.request(op, payload);
        const decoded = decodePythonAnswer(
          op,
          await channel.request(op, { json: encodePythonRequest(payload) }),
        );
        if (!decoded.ok) throw new LearnerError(decoded.error.message);
        return decoded.value;
      };
      if (python) {
        progress({ kind: 'phase', phase: 'python' });
        const answer = await channel.request('python.start', request.pythonStart ?? null);
        progress({ kind: 'python-started', answer });
      }
      progress({ kind: 'phase', phase: 'load' });
      const loaded = parseLoadAnswer(await ask('load', { code }));
      if (!loaded.ok) return { status: 'load-error', message: loaded.error.message };
      if (!loaded.value.ok) {
        if (python) await reportAudit(channel, progress);
        return { status: 'load-error', message: loaded.value.message };
      }

      // A request the sandbox could not answer (its handler threw) ends that attack, with why.
      const send: LearnerTransport = (op, payload) =>
        ask(op, payload).catch((error: unknown) => {
          if (error instanceof SandboxError)
            throw new LearnerError(`The sandbox could not answer: ${error.message}`);
          throw error;
        });
      const report = await runBattery(
        remoteLearner(send, loaded.value.exports),
        {
          now: () => performance.now(),
          source: request.source,
          ...(python ? { sourceLanguage: 'python' as const } : {}),
          secretLengths: request.secretLengths,
          timingBudgetMs: request.timingBudgetMs,
          tokens: { collectBudgetMs: request.tokenBudgetMs },
        },
        {
          onPhase: (phase) => progress({ kind: 'phase', phase }),
          onTiming: (timing) => progress({ kind: 'timing', progress: timing }),
          onResult: (result) => progress({ kind: 'result', result }),
        },
      );
      const refused = python ? await reportAudit(channel, progress) : 0;
      const notices = await countNotices(channel);
      return {
        status: 'done',
        report,
        crossOriginIsolated: loaded.value.crossOriginIsolated,
        notices: { ...notices, blocked: notices.blocked + refused },
      };
    } finally {
      channel.close();
    }
  },
});
