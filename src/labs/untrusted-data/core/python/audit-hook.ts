/**
 * `pickle.loads` in a real CPython under a PEP 578 audit hook: the Python source that installs the
 * hook and loads the bytes, and the parsing of the report it prints. The source is plain data, so
 * the same text runs in Pyodide in the CLI's isolated child, in Pyodide in the page (later), and in
 * a local `python3` for the differential tests.
 *
 * The hook itself is the shared one, src/core/python-audit.ts (the randomness lab's Python session
 * installs it too); this file gives it the loader's rules and adds the loader.
 *
 * What the hook does here (PEP 578, https://peps.python.org/pep-0578/):
 * - It is added with `sys.addaudithook` before the learner's bytes are decoded, and stays for the
 *   life of the interpreter (a hook cannot be removed). Its state lives in closures that nothing
 *   the pickle can name refers to: the loader is kept in a private namespace, not in `__main__`.
 * - It records every audit event raised while the pickle loads (name and arguments, JSON-safe and
 *   truncated; at most MAX_EVENTS, the rest counted) and refuses every event except the few that
 *   unpickling plain data needs (ALLOWED_EVENTS), by raising PermissionError from the hook, which
 *   aborts the operation before it happens. So `os.system`, `subprocess.Popen`, `os.exec*`,
 *   `os.posix_spawn`, `os.spawn*`, `open` (for writing, and for reading too), `socket.*`, `exec`,
 *   `compile`, `ctypes.*` and the rest are recorded and refused, including events added in later
 *   Python versions.
 * - Imports: `pickle.find_class(module, name)` is recorded and allowed for modules that are already
 *   loaded (PRELOADED_MODULES are imported before the hook, so a payload reaches its real call and
 *   the hook records that call with its arguments); loading any module that is not loaded yet raises
 *   the `import` event, which is recorded (with the module's name only) and refused. Pyodide's
 *   bridges to JavaScript (`js`, `pyodide`, `pyodide_js`, `_pyodide*`) are refused even in
 *   `find_class` and taken out of `sys.modules` and `sys.meta_path`, so a pickle cannot reach
 *   JavaScript through them.
 *
 * Event arguments in the report: str as is; bytes and bytearray decoded as UTF-8 with
 * backslash escapes for other bytes (`os.system` receives b'id' and the report says "id"); int as a
 * number within ±2^53, else "<int of N bits>"; float as a number ("nan", "inf", "-inf" as strings);
 * None and bool as is; tuples and lists as arrays (3 levels, 20 items); anything else as
 * "<TypeName>". The `import` event keeps only the module's name (its other arguments are sys.path
 * and the finders). Texts are cut at MAX_TEXT characters.
 */
import {
  AUDIT_HOOK_INSTALLER,
  BRIDGE_MODULES,
  MAX_EVENTS,
  MAX_TEXT,
  pythonStrings,
} from '../../../../core/python-audit';
import { fail, ok, type Result } from '../../../../core/result';

export { MAX_EVENTS, MAX_TEXT, BRIDGE_MODULES };
/** Longest repr of the loaded object kept in the report. */
export const MAX_RESULT = 10_000;

/** The only events the hook lets through (recorded all the same). */
export const ALLOWED_EVENTS = ['pickle.find_class'] as const;

/**
 * Modules imported before the hook: the ones the lab's payloads name (so the hook records their
 * real call, not a refused import), the ones plain data pickles name, and what the loader uses.
 */
export const PRELOADED_MODULES = [
  'binascii',
  'builtins',
  'codecs',
  'collections',
  'copyreg',
  'datetime',
  'decimal',
  // socket's name resolution encodes host names with this codec.
  'encodings.idna',
  'fractions',
  'functools',
  'io',
  'json',
  'operator',
  'os',
  'pickle',
  'posix',
  'shutil',
  'socket',
  'subprocess',
  'sys',
] as const;

/** Python that imports PRELOADED_MODULES (run once before the hook; Pyodide keeps it in its snapshot). */
export const PRELOAD_SOURCE = `import ${PRELOADED_MODULES.join(', ')}\n`;

/**
 * Python that defines `make_loader()`. Calling it installs the hook (for good) and returns
 * `load(hex_text) -> str`, which unpickles the bytes and returns the report as JSON text. Run it in
 * a fresh namespace so that neither the loader nor the hook's state can be named from a pickle.
 */
export const AUDIT_HOOK_SOURCE = `${AUDIT_HOOK_INSTALLER}
def make_loader():
    import binascii, json, pickle, sys

    max_result = ${MAX_RESULT}
    allowed = frozenset(${pythonStrings(ALLOWED_EVENTS)})

    def permits(event, args):
        return event in allowed and not (
            event == 'pickle.find_class' and len(args) > 0 and audit['is_bridge'](args[0])
        )

    audit = install_audit_hook(permits)
    cut = audit['cut']

    def load(hex_text):
        audit['arm']()
        audit['take']()
        result = None
        error = None
        try:
            value = pickle.loads(binascii.unhexlify(hex_text))
        except BaseException as e:
            error = cut(type(e).__name__ + ': ' + str(e))
        else:
            try:
                result = cut(repr(value), max_result)
            except BaseException as e:
                error = cut('repr() of the loaded object failed: ' + type(e).__name__ + ': ' + str(e))
        events, dropped = audit['take']()
        return json.dumps(
            {'events': events, 'eventsDropped': dropped, 'result': result, 'error': error},
            ensure_ascii=False,
        )

    return load
`;

export interface AuditEvent {
  event: string;
  /** The event's arguments, made JSON-safe as described above. */
  args: unknown[];
  /** True when the hook refused it (the operation did not happen). */
  refused: boolean;
}

export interface PickleLoadReport {
  events: AuditEvent[];
  /** Events past MAX_EVENTS, counted but not kept. */
  eventsDropped: number;
  /** repr() of what pickle.loads returned, or null if it raised. */
  result: string | null;
  /** The exception pickle.loads raised ("PermissionError: os.system was refused…"), or null. */
  error: string | null;
}

/** The longest report text accepted: MAX_EVENTS events of a few texts each, plus the result. */
export const MAX_REPORT_LENGTH = 4 * 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJsonSafeArg(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return true;
  if (typeof value === 'string') return value.length <= MAX_TEXT + 40;
  if (Array.isArray(value))
    return depth < 4 && value.length <= 21 && value.every((v) => isJsonSafeArg(v, depth + 1));
  return false;
}

/** The report `load()` printed, checked field by field (it comes from the isolated child). */
export function parsePickleLoadReport(text: string): Result<PickleLoadReport> {
  const bad = (why: string) => fail('python/bad-report', `The Python loader's report ${why}.`);
  if (text.length > MAX_REPORT_LENGTH) return bad('is too long');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return bad('is not JSON');
  }
  if (!isRecord(data)) return bad('is not an object');
  const { events, eventsDropped, result, error } = data;
  if (!Array.isArray(events) || events.length > MAX_EVENTS) return bad('has no list of events');
  const parsed: AuditEvent[] = [];
  for (const e of events) {
    if (
      !isRecord(e) ||
      typeof e.event !== 'string' ||
      e.event.length > 100 ||
      !Array.isArray(e.args) ||
      !isJsonSafeArg(e.args) ||
      typeof e.refused !== 'boolean'
    )
      return bad('has a malformed event');
    parsed.push({ event: e.event, args: e.args, refused: e.refused });
  }
  if (
    typeof eventsDropped !== 'number' ||
    !Number.isSafeInteger(eventsDropped) ||
    eventsDropped < 0
  )
    return bad('has no count of dropped events');
  const optionalText = (value: unknown, max: number) =>
    value === null || (typeof value === 'string' && value.length <= max + 40);
  if (!optionalText(result, MAX_RESULT) || !optionalText(error, MAX_TEXT))
    return bad('has a malformed result or error');
  if ((result === null) === (error === null))
    return bad('has both or neither of a result and an error');
  return ok({
    events: parsed,
    eventsDropped,
    result: result as string | null,
    error: error as string | null,
  });
}
