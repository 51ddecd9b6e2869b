/**
 * The learner's module inside the CLI's isolated child (mode `learner`, see src/cli/isolated/),
 * the child's counterpart of the browser's sandbox script (learner.sandbox.ts): it loads the
 * compiled module and answers the battery's requests with the same harness
 * (core/learner-harness.ts). The battery runs in the CLI's process (isolated-learner.ts) and decides
 * every verdict there, from answers it checks (core/learner-protocol.ts).
 *
 * Requests are the battery's (`sign`, `verify`, `timing-start`, `timing-sample`, `tokens-collect`,
 * `tokens-replay`), after one `load` {code} whose answer is the protocol's LoadAnswer, or an error
 * with the code the in-process loader gives (module/threw, module/no-exports…). Answers travel as
 * the channel's tagged JSON (harness.ts, encodeWire), built without any function the module could
 * have replaced. The harness and the clock it times `verify` with are taken when this file is
 * evaluated, before the module exists.
 */
import {
  ChildError,
  encodeWire,
  hasOwn,
  now,
  stringSlice,
  type ChildHandler,
  type Json,
} from '../../cli/isolated/harness';
import { MAX_LINE_BYTES } from '../../cli/isolated/protocol';
import { importRefusal } from './core/compile';
import { learnerGlobals, PythonRandomModule } from './core/learner-api';
import { LEARNER_EXPORTS, pickExports } from './core/learner';
import { createLearnerHarness, describeExports, type Harness } from './core/learner-harness';

/**
 * Longest answer sent, in characters: a UTF-8 character is at most 3 bytes on the line (astral ones
 * are two UTF-16 units for 4 bytes), so this stays under the CLI's line limit.
 */
export const MAX_ANSWER_CHARS = Math.floor(MAX_LINE_BYTES / 3) - 64;
/** Longest "Name: message" kept of what the module threw while loading. */
const MAX_THROWN_CHARS = 600;

const defineProperty = Object.defineProperty;
const ErrorConstructor = Error;

/** "Name: message" for whatever the module threw (its getters may throw too). */
function thrownText(error: unknown): string {
  let full: string;
  try {
    full =
      error instanceof ErrorConstructor
        ? `${String(error.name)}: ${String(error.message)}`
        : String(error);
  } catch {
    full = 'an error whose name or message could not be read';
  }
  return stringSlice(full, 0, MAX_THROWN_CHARS);
}

function send(answer: unknown): Json {
  const json = encodeWire(answer);
  if (json.length > MAX_ANSWER_CHARS)
    throw new ChildError(
      'child/too-large',
      `the answer would be ${json.length} characters, more than the channel takes (${MAX_ANSWER_CHARS})`,
    );
  return json;
}

export function learnerHandler(): ChildHandler {
  const random = new PythonRandomModule();
  let harness: Harness | null = null;
  let loading = false;

  async function load(payload: unknown): Promise<Json> {
    const code =
      typeof payload === 'object' && payload !== null && hasOwn(payload, 'code')
        ? (payload as { code: unknown }).code
        : undefined;
    if (loading || typeof code !== 'string')
      throw new ChildError('child/bad-request', 'one module per child, as text');
    loading = true;
    const globals = learnerGlobals(random) as Record<string, unknown>;
    for (const name of Object.keys(globals))
      defineProperty(globalThis, name, {
        value: globals[name],
        writable: true,
        configurable: true,
      });
    const url = `data:text/javascript;base64,${Buffer.from(code, 'utf8').toString('base64')}`;
    const exports: Record<string, unknown> = {};
    try {
      const module = (await import(/* @vite-ignore */ url)) as {
        default: (exports: Record<string, unknown>, require: (name: unknown) => never) => unknown;
      };
      await module.default(exports, (name) => {
        throw new Error(importRefusal(name));
      });
    } catch (error) {
      throw new ChildError('module/threw', `The module threw while loading: ${thrownText(error)}`);
    }
    // Own properties only: a getter on Object.prototype must not pass for an export.
    const own: Record<string, unknown> = {};
    for (const name of LEARNER_EXPORTS) if (hasOwn(exports, name)) own[name] = exports[name];
    const picked = pickExports(own);
    if (!picked.ok) throw new ChildError(picked.error.code, picked.error.message);
    harness = createLearnerHarness(picked.value, { now, random });
    return send({ ok: true, exports: describeExports(picked.value), crossOriginIsolated: false });
  }

  return {
    handle(op, payload) {
      if (op === 'load') return load(payload);
      if (!harness) throw new ChildError('child/not-loaded', 'no module is loaded');
      return send(harness(op, payload));
    },
  };
}
