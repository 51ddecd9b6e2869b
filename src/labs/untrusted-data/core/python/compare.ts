/**
 * The symbolic loader's prediction (core/pickle/symbolic.ts) set beside what real CPython reported
 * under the audit hook (audit-hook.ts): which audit events `pickle.loads` should raise, in order,
 * with which arguments, and whether the hook refuses them; then every place the two differ.
 *
 * From the symbolic events of the first pickle (what `pickle.loads` reads):
 * - an import is `find_class(module, name)` with the names as the pickle wrote them
 *   (`pickle.find_class` is audited before the Python 2 renames, Modules/_pickle.c); refused when
 *   the module is one of Pyodide's bridges to JavaScript. A module that is not loaded yet is
 *   imported by find_class, which raises the `import` event, refused.
 * - a call raises the audit event CALL_EVENTS names for its callable (os.system, compile for eval
 *   and exec, open, os.exec…), refused; calls with no audit event (getattr, a value builder) raise
 *   none. A refused event ends the load.
 * - where the prediction cannot say (a name computed while loading, a module it does not know to
 *   be loaded, a dangerous callable whose audit event it does not know, an argument that is not a
 *   constant), it stops and says why: real events after that point are shown, not compared.
 *
 * A real load that stops sooner because a name does not exist in this Python (`__main__.Point`:
 * AttributeError) or because Pyodide cannot do something at all (start a process) is not a
 * difference: the symbolic loader models what the bytes ask for, not what the interpreter has
 * (README, "Not modelled"). It is reported as such.
 */
import type { ConstArg, LoadEvent, ScanResult } from '../pickle/symbolic';
import {
  BRIDGE_MODULES,
  PRELOADED_MODULES,
  type AuditEvent,
  type PickleLoadReport,
} from './audit-hook';

export interface PredictedEvent {
  event: string;
  args: ConstArg[];
  refused: boolean;
  /** The symbolic event it comes from: its byte offset and its text. */
  pos: number;
  because: string;
}

export interface Prediction {
  events: PredictedEvent[];
  /** Why the prediction stops before the end of the load, or null when it covers all of it. */
  stopsBecause: string | null;
  /** What the symbolic loader says pickle.loads raises (exception class), or null. */
  error: string | null;
}

/** Modules loaded in the Python sandbox before the pickle is read. */
const LOADED = new Set<string>([...PRELOADED_MODULES, '__main__', 'encodings']);

const isBridge = (module: string) =>
  (BRIDGE_MODULES as readonly string[]).includes(module.split('.')[0]!);

/** The audit event a call raises, from its constant arguments (null: it raises none). */
type CallEvent = (args: ConstArg[]) => { event: string; args: ConstArg[] } | null;

const first =
  (event: string, count: number): CallEvent =>
  (args) => ({ event, args: args.slice(0, count) });

const compileOf: CallEvent = (args) =>
  typeof args[0] === 'string' ? { event: 'compile', args: [args[0], '<string>'] } : null;

const importOf: CallEvent = (args) => {
  const name = args[0];
  if (typeof name !== 'string') return null;
  return LOADED.has(name) ? null : { event: 'import', args: [name] };
};

/**
 * The audit events the lab's payloads and the talk's examples reach (CPython's audit events
 * table, https://docs.python.org/3/library/audit_events.html). Calls that raise none are listed
 * as null; a dangerous callable absent from this table stops the prediction.
 */
const CALL_EVENTS: Record<string, CallEvent | null> = {
  'os.system': first('os.system', 1),
  'posix.system': first('os.system', 1),
  'builtins.eval': compileOf,
  'builtins.exec': compileOf,
  'builtins.compile': (args) =>
    typeof args[0] === 'string' && typeof args[1] === 'string'
      ? { event: 'compile', args: [args[0], args[1]] }
      : null,
  'builtins.open': (args) =>
    typeof args[0] === 'string' ? { event: 'open', args: [args[0], args[1] ?? 'r'] } : null,
  'builtins.__import__': importOf,
  'importlib.import_module': importOf,
  'builtins.getattr': null,
  'os.execv': (args) => ({ event: 'os.exec', args: [args[0] ?? null, args[1] ?? null, null] }),
  'posix.execv': (args) => ({ event: 'os.exec', args: [args[0] ?? null, args[1] ?? null, null] }),
  'os.popen': first('os.system', 1),
};

/** Arguments of events whose exact form the prediction leaves open (open's flags). */
const PARTIAL_ARGS: Record<string, number> = { open: 2 };

export function predictAuditEvents(scan: ScanResult): Prediction {
  const events: PredictedEvent[] = [];
  const add = (e: LoadEvent, event: string, args: ConstArg[], refused: boolean) => {
    const because = e.kind === 'import' ? `import ${e.name}` : e.kind === 'call' ? e.expr : e.text;
    events.push({ event, args, refused, pos: e.pos, because });
    return refused;
  };
  const stop = (stopsBecause: string): Prediction => ({ events, stopsBecause, error: null });
  for (const e of scan.events) {
    if (e.kind === 'note') continue;
    if (e.kind === 'import') {
      if (!e.given) return stop(`${e.name} is a name computed while loading`);
      const [module] = e.given;
      if (add(e, 'pickle.find_class', [...e.given], isBridge(module)))
        return { events, stopsBecause: null, error: 'PermissionError' };
      const resolved = e.name.slice(0, e.name.length - e.given[1].length - 1);
      if (!LOADED.has(resolved) && !LOADED.has(resolved.split('.')[0]!))
        return stop(`whether ${resolved} is already loaded depends on the interpreter`);
      continue;
    }
    const mapping = CALL_EVENTS[e.callee];
    if (mapping === undefined) {
      if (e.category === 'dangerous')
        return stop(`which audit event ${e.callee} raises is not listed here`);
      continue;
    }
    if (mapping === null) continue;
    if (!e.args) return stop(`an argument of ${e.callee} is computed while loading`);
    const raised = mapping(e.args);
    if (!raised) continue;
    add(e, raised.event, raised.args, true);
    return { events, stopsBecause: null, error: 'PermissionError' };
  }
  return { events, stopsBecause: null, error: scan.error?.exception ?? null };
}

export interface Comparison {
  prediction: Prediction;
  /** Real and predicted events, row by row (either may be missing in a row). */
  rows: { real: AuditEvent | null; predicted: PredictedEvent | null; same: boolean }[];
  /** Every difference, in words; empty when the two agree. */
  differences: string[];
  /** Why the real load stopped sooner without that being a difference, or null. */
  stoppedSooner: string | null;
}

function sameArgs(event: string, real: unknown[], predicted: ConstArg[]): boolean {
  const count = PARTIAL_ARGS[event] ?? Math.max(real.length, predicted.length);
  return JSON.stringify(real.slice(0, count)) === JSON.stringify(predicted.slice(0, count));
}

const errorType = (error: string | null) => (error === null ? null : error.split(':')[0]!);

/** What a real error says about the interpreter rather than the bytes. */
function interpreterStop(report: PickleLoadReport): string | null {
  const type = errorType(report.error);
  if (type === 'AttributeError' || type === 'ModuleNotFoundError' || type === 'ImportError')
    return `a name the pickle asks for does not exist in this Python (${report.error})`;
  if (report.error?.includes('emscripten does not support processes'))
    return `Pyodide cannot start processes at all (${report.error})`;
  return null;
}

export function comparePrediction(scan: ScanResult, report: PickleLoadReport): Comparison {
  const prediction = predictAuditEvents(scan);
  const predicted = prediction.events;
  const real = report.events;
  const rows: Comparison['rows'] = [];
  const differences: string[] = [];
  let stoppedSooner: string | null = null;
  const shown = (e: { event: string; args: unknown[] }) =>
    `${e.event}(${e.args.map((a) => JSON.stringify(a)).join(', ')})`;

  const length = Math.max(real.length, predicted.length);
  for (let i = 0; i < length; i++) {
    const r = real[i] ?? null;
    const p = predicted[i] ?? null;
    const same =
      r !== null &&
      p !== null &&
      r.event === p.event &&
      r.refused === p.refused &&
      sameArgs(r.event, r.args, p.args);
    rows.push({ real: r, predicted: p, same });
    if (same) continue;
    if (r && p)
      differences.push(`Event ${i + 1}: Python raised ${shown(r)}, the prediction ${shown(p)}.`);
    else if (r && !prediction.stopsBecause)
      differences.push(
        `Event ${i + 1}: Python raised ${shown(r)}, which the prediction does not list.`,
      );
    else if (p && !r) {
      const why = interpreterStop(report);
      if (why && real.length > 0 && !real[real.length - 1]!.refused) {
        stoppedSooner = `The real load stopped before ${shown(p)}: ${why}. The symbolic loader predicts what the bytes ask for, not what exists in the interpreter.`;
        break;
      }
      differences.push(
        `Event ${i + 1}: the prediction lists ${shown(p)}, which Python did not raise.`,
      );
    }
  }
  const last = real[real.length - 1];
  const why = interpreterStop(report);
  if (differences.length === 0 && !stoppedSooner && why && last && !last.refused)
    stoppedSooner = `The real load stopped after ${shown(last)}: ${why}. The symbolic loader predicts what the bytes ask for, not what exists in the interpreter.`;
  if (differences.length === 0 && !stoppedSooner && !prediction.stopsBecause) {
    const realType = errorType(report.error);
    if (realType !== prediction.error)
      differences.push(
        prediction.error === null
          ? `Python raised ${report.error}; the prediction is that the load returns.`
          : realType === null
            ? `Python returned a value; the prediction is that the load raises ${prediction.error}.`
            : `Python raised ${report.error}; the prediction is ${prediction.error}.`,
      );
  }
  return { prediction, rows, differences, stoppedSooner };
}
