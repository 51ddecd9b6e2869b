/**
 * A small Python session for the randomness lab: the learner's cells run in one CPython
 * interpreter (Pyodide, in the page's Python sandbox), so later cells continue the same generator,
 * and the page can ask that same generator for its next values after the clone's prediction is
 * fixed. This file holds the Python that runs the cells (plain data, so the same text runs in
 * Pyodide and in a local `python3` for the tests), the checks on what the session answers, and the
 * predictions the clone makes for the page's questions.
 *
 * In the session:
 * - The shared audit hook (src/core/python-audit.ts) is installed before any cell exists. While a
 *   cell runs it refuses every audit event except the `exec` of that cell's own code objects: a
 *   cell can compute and print, not open files, start processes, use sockets, compile or exec new
 *   code, import a module that is not loaded yet (SESSION_MODULES are), or reach JavaScript.
 * - A cell's output (stdout and stderr, and the repr of a last expression, as a console shows it)
 *   is kept up to MAX_OUTPUT characters, the rest counted; a traceback shows the cell's own lines.
 * - The page's questions (`draw_bits`, `draw_key`) call `random.getrandbits` and the talk's
 *   `''.join(random.choice(allowed_chars) for i in range(length))` through the module functions
 *   taken before any cell ran, on the one generator the cells use.
 *
 * What a cell cannot do is reach the app: the sandbox frame has no origin and no network. What it
 * can do is lie about its own session (patch its generator): the page then reports a mismatch.
 */
import { AUDIT_HOOK_INSTALLER, MAX_EVENTS, MAX_TEXT } from '../../../core/python-audit';
import { fail, ok, type Result } from '../../../core/result';
import type { MtClone } from './mt-clone';
import { formatNumber } from '../../../core/number-format';

/** Longest cell accepted (characters). */
export const MAX_CODE_LENGTH = 20_000;
/** Output kept per cell (characters); the rest is counted. 624 outputs print in about 7,000. */
export const MAX_OUTPUT = 50_000;
/** Most values the page asks the session for at once. */
export const MAX_DRAW = 1000;

/** Modules loaded before the hook, so a cell may import them. */
export const SESSION_MODULES = [
  'base64',
  'binascii',
  'collections',
  'functools',
  'hashlib',
  'hmac',
  'itertools',
  'json',
  'math',
  'random',
  'secrets',
  'string',
  'time',
] as const;

/** Python run once before the session: the modules a cell may import, and the runner's own. */
export const SESSION_PRELOAD_SOURCE = `import ast, linecache, sys, traceback, ${SESSION_MODULES.join(', ')}\n`;

/**
 * Python that defines `make_session()`. Calling it installs the audit hook and returns a dict:
 * `run(code) -> str` runs one cell and returns its report as JSON (CellReport);
 * `draw_bits(count) -> str` and `draw_key(alphabet, length) -> str` answer the page's questions as
 * JSON (DrawReport). Run it in a namespace of its own: the cells get a fresh `__main__`-like one.
 */
export const SESSION_SOURCE = `${AUDIT_HOOK_INSTALLER}
def make_session():
    import ast, builtins, json, linecache, random, sys, traceback

    max_output = ${MAX_OUTPUT}
    getrandbits = random.getrandbits
    choice = random.choice
    namespace = {'__name__': '__main__', '__builtins__': builtins}
    permitted = []
    cells = [0]

    def permits(event, args):
        return event == 'exec' and len(args) > 0 and any(args[0] is code for code in permitted)

    audit = install_audit_hook(permits)
    cut = audit['cut']

    class Output:
        def __init__(self):
            self.parts = []
            self.size = 0
            self.dropped = 0

        def write(self, text):
            if type(text) is not str:
                raise TypeError('write() argument must be str, not ' + type(text).__name__)
            room = max(max_output - self.size, 0)
            if room:
                self.parts.append(text[:room])
                self.size += min(len(text), room)
            self.dropped += max(len(text) - room, 0)
            return len(text)

        def flush(self):
            pass

        def text(self):
            return ''.join(self.parts)

    def refused_events():
        events, dropped = audit['take']()
        return [e for e in events if e['refused']], dropped

    def run(code):
        cells[0] += 1
        name = '<cell ' + str(cells[0]) + '>'
        out = Output()
        error = None
        audit['take']()
        try:
            tree = ast.parse(code, name, 'exec')
            tail = None
            if tree.body and type(tree.body[-1]) is ast.Expr:
                tail = compile(ast.Expression(tree.body.pop().value), name, 'eval')
            body = compile(tree, name, 'exec')
        except (SyntaxError, ValueError) as e:
            error = ''.join(traceback.format_exception_only(type(e), e))
        else:
            # Tracebacks show the cell's lines, as a console does.
            linecache.cache[name] = (len(code), None, code.splitlines(True), name)
            permitted[:] = [body, tail]
            saved = sys.stdout, sys.stderr
            sys.stdout = sys.stderr = out
            audit['arm']()
            try:
                exec(body, namespace)
                if tail is not None:
                    value = eval(tail, namespace)
                    if value is not None:
                        out.write(repr(value) + '\\n')
            except BaseException as e:
                audit['disarm']()
                # The first frame is this runner's; the learner sees their cell's.
                error = ''.join(traceback.format_exception(type(e), e, e.__traceback__.tb_next))
            finally:
                audit['disarm']()
                sys.stdout, sys.stderr = saved
                del permitted[:]
        events, dropped = refused_events()
        return json.dumps({
            'cell': cells[0],
            'output': out.text(),
            'outputDropped': out.dropped,
            'error': None if error is None else cut(error, 4 * ${MAX_TEXT}),
            'events': events,
            'eventsDropped': dropped,
        }, ensure_ascii=False)

    def answer(make):
        audit['take']()
        audit['arm']()
        try:
            value = make()
            error = None
        except BaseException as e:
            value = None
            error = cut(type(e).__name__ + ': ' + str(e))
        finally:
            audit['disarm']()
        events, dropped = refused_events()
        return json.dumps({'value': value, 'error': error, 'events': events, 'eventsDropped': dropped},
                          ensure_ascii=False)

    def draw_bits(count):
        return answer(lambda: [getrandbits(32) for _ in range(int(count))])

    def draw_key(allowed_chars, length):
        allowed_chars = str(allowed_chars)
        length = int(length)
        return answer(lambda: ''.join(choice(allowed_chars) for i in range(length)))

    return {'run': run, 'draw_bits': draw_bits, 'draw_key': draw_key}
`;

export interface RefusedEvent {
  event: string;
  /** The event's arguments, made JSON-safe by the hook. */
  args: unknown[];
}

export interface CellReport {
  /** The cell's number in this session, from 1. */
  cell: number;
  output: string;
  /** Characters past MAX_OUTPUT, counted but not kept. */
  outputDropped: number;
  /** The traceback (or syntax error), or null. */
  error: string | null;
  /** What the audit hook refused while the cell ran. */
  events: RefusedEvent[];
  eventsDropped: number;
}

export interface DrawReport<T> {
  value: T | null;
  error: string | null;
  events: RefusedEvent[];
  eventsDropped: number;
}

/** A cell as typed, before it is sent: empty or too long is said next to the code. */
export function checkCell(code: string): Result<string> {
  if (code.trim() === '') return fail('session/empty', 'Type some Python to run.');
  if (code.length > MAX_CODE_LENGTH)
    return fail(
      'session/too-long',
      `That cell is ${formatNumber(code.length)} characters; keep it under ${formatNumber(MAX_CODE_LENGTH)}.`,
    );
  return ok(code);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const count = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const bad = (what: string, why: string) =>
  fail('session/bad-report', `The Python session's ${what} ${why}.`);

function parseEvents(
  data: Record<string, unknown>,
): { events: RefusedEvent[]; eventsDropped: number } | null {
  const { events, eventsDropped } = data;
  if (!Array.isArray(events) || events.length > MAX_EVENTS || !count(eventsDropped)) return null;
  const out: RefusedEvent[] = [];
  for (const e of events) {
    if (!isRecord(e) || typeof e.event !== 'string' || e.event.length > 100) return null;
    if (!Array.isArray(e.args) || JSON.stringify(e.args).length > 30 * MAX_TEXT) return null;
    out.push({ event: e.event, args: e.args });
  }
  return { events: out, eventsDropped };
}

function parseJson(text: unknown, maxLength: number): unknown {
  if (typeof text !== 'string' || text.length > maxLength) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `run(code)`'s answer, checked field by field (it comes from the learner's realm). */
export function parseCellReport(text: unknown): Result<CellReport> {
  const data = parseJson(text, 4 * MAX_OUTPUT + 400 * MAX_TEXT);
  if (!isRecord(data)) return bad('answer to a cell', 'is not a report');
  const { cell, output, outputDropped, error } = data;
  if (!count(cell) || cell < 1) return bad('report', 'has no cell number');
  if (typeof output !== 'string' || output.length > MAX_OUTPUT || !count(outputDropped))
    return bad('report', 'has a malformed output');
  if (error !== null && (typeof error !== 'string' || error.length > 4 * MAX_TEXT + 40))
    return bad('report', 'has a malformed error');
  const events = parseEvents(data);
  if (!events) return bad('report', 'has malformed audit events');
  return ok({ cell, output, outputDropped, error, ...events });
}

function parseDraw<T>(
  text: unknown,
  isValue: (value: unknown) => value is T,
  what: string,
): Result<DrawReport<T>> {
  const data = parseJson(text, 40 * MAX_DRAW + 400 * MAX_TEXT);
  if (!isRecord(data)) return bad(`answer (${what})`, 'is not a report');
  const { value, error } = data;
  const events = parseEvents(data);
  if (!events) return bad(`answer (${what})`, 'has malformed audit events');
  if (error !== null) {
    if (typeof error !== 'string' || error.length > MAX_TEXT + 40 || value !== null)
      return bad(`answer (${what})`, 'has a malformed error');
    return ok({ value: null, error, ...events });
  }
  if (!isValue(value)) return bad(`answer (${what})`, 'is not what was asked for');
  return ok({ value, error: null, ...events });
}

/** `draw_bits(n)`'s answer: n values below 2^32. */
export function parseDrawBits(text: unknown, expected: number): Result<DrawReport<number[]>> {
  const isValues = (value: unknown): value is number[] =>
    Array.isArray(value) &&
    value.length === expected &&
    value.every((v) => count(v) && v < 2 ** 32);
  return parseDraw(text, isValues, `${expected} getrandbits(32) values`);
}

/** `draw_key(alphabet, length)`'s answer: a key of that length over that alphabet. */
export function parseDrawKey(
  text: unknown,
  alphabet: string,
  length: number,
): Result<DrawReport<string>> {
  const symbols = new Set(Array.from(alphabet));
  const isKey = (value: unknown): value is string =>
    typeof value === 'string' &&
    Array.from(value).length === length &&
    Array.from(value).every((c) => symbols.has(c));
  return parseDraw(text, isKey, `a key of ${length} characters`);
}

/** A question the page asks the session after the clone has made its prediction. */
export type Draw =
  { kind: 'getrandbits'; count: number } | { kind: 'choice'; alphabet: string; length: number };

export type DrawPrediction =
  | { kind: 'getrandbits'; count: number; values: number[] }
  | { kind: 'choice'; alphabet: string; length: number; key: string };

/** The code a learner would type for `draw`, as the console shows the page's questions. */
export function drawCode(draw: Draw): string {
  return draw.kind === 'getrandbits'
    ? `[random.getrandbits(32) for _ in range(${draw.count})]`
    : `''.join(random.choice(${JSON.stringify(draw.alphabet)}) for i in range(${draw.length}))`;
}

/**
 * What the clone predicts for each draw, in order, as one session would make them one after the
 * other, starting right after the outputs the clone was made from. The clone is not moved.
 */
export function predictDraws(clone: MtClone, draws: readonly Draw[]): DrawPrediction[] {
  const random = clone.random.clone();
  return draws.map((draw) =>
    draw.kind === 'getrandbits'
      ? {
          ...draw,
          values: Array.from({ length: draw.count }, () => random.nextUint32()),
        }
      : { ...draw, key: random.choiceString(draw.alphabet, draw.length) },
  );
}

export interface DrawCheck {
  /** Per predicted value (or per key character): did the session produce the same? */
  same: boolean[];
  matches: number;
  allSame: boolean;
}

/** Predicted against real, value by value (for a key, character by character). */
export function compareDraw(prediction: DrawPrediction, real: number[] | string): DrawCheck {
  const predicted =
    prediction.kind === 'getrandbits' ? prediction.values : Array.from(prediction.key);
  const actual = typeof real === 'string' ? Array.from(real) : real;
  const same = predicted.map((value, i) => value === actual[i]);
  const matches = same.filter(Boolean).length;
  return { same, matches, allSame: matches === predicted.length && actual.length === matches };
}

/** The cell preloaded in the session: the talk's key line, then one output. */
export function talkCell(alphabet: string, length: number): string {
  // A JSON string literal is a valid Python string literal.
  return `import random

allowed_chars = ${JSON.stringify(alphabet)}
length = ${length}
secret = ''.join(random.choice(allowed_chars) for i in range(length))
print(secret)
random.getrandbits(32)`;
}

/** The cell that prints the 624 outputs the clone needs. */
export const OUTPUTS_CELL = `import random

print([random.getrandbits(32) for _ in range(624)])`;
