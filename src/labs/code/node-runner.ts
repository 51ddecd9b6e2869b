/**
 * Runs a learner's module in this Node process (for the CLI's presets and the tests): compiled
 * exactly as in the browser, imported from a data: URL, with the learner API on the global object,
 * and offered to the battery as an in-process RemoteLearner (the same requests and answer checks as
 * the browser's sandbox). There is no isolation here: the code runs with the privileges of the Node
 * process, as `node file.js` would, so it is for the app's own code only. A learner's file runs in
 * the CLI's isolated child instead (isolated-learner.ts).
 */
import { bytesToBase64 } from '../../core/bytes';
import {
  compileLearnerCode,
  importRefusal,
  type CompileError,
  type Language,
} from './core/compile';
import { learnerGlobals, PythonRandomModule } from './core/learner-api';
import { pickExports, type LearnerModule } from './core/learner';
import { inProcessLearner, type RemoteLearner } from './core/remote-learner';
import { utf8ToBytes } from '../../core/bytes';
import { ok, type Result } from '../../core/result';
import { runBattery, type BatteryOptions } from './core/battery';
import {
  batteryEvidence,
  type CodeBatteryEvidence,
  type CodeBatteryInput,
} from './core/challenges';

export type LoadResult =
  | {
      ok: true;
      value: { module: LearnerModule; random: PythonRandomModule; learner: RemoteLearner };
    }
  | { ok: false; error: CompileError };

export async function loadLearnerInNode(source: string, language: Language): Promise<LoadResult> {
  const compiled = compileLearnerCode(source, language);
  if (!compiled.ok) return compiled;
  const random = new PythonRandomModule();
  Object.assign(globalThis, learnerGlobals(random));
  const url = `data:text/javascript;base64,${bytesToBase64(utf8ToBytes(compiled.value))}`;
  const module = (await import(/* @vite-ignore */ url)) as {
    default: (exports: Record<string, unknown>, require: (name: unknown) => never) => Promise<void>;
  };
  const exports: Record<string, unknown> = {};
  try {
    await module.default(exports, (name) => {
      throw new Error(importRefusal(name));
    });
  } catch (error) {
    return {
      ok: false,
      error: {
        code: 'module/threw',
        message: `The module threw while loading: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      },
    };
  }
  const picked = pickExports(exports);
  if (!picked.ok) return picked;
  const learner = inProcessLearner(picked.value, { now: () => performance.now(), random });
  return { ok: true, value: { module: picked.value, random, learner } };
}

/**
 * A `code-battery` runner that loads the module in this process (loadLearnerInNode): for the
 * app's own code in the tests (the presets, the challenge's solution), never for a learner's file,
 * which the CLI runs in its isolated child (challenge-runner.ts). `options` are the battery's (the
 * tests pass a steady clock, so no verdict depends on this machine's timing).
 */
export function inProcessBatteryRunner(
  options: Omit<BatteryOptions, 'source'> & { learnerNow?: () => number },
) {
  return async (input: unknown): Promise<Result<CodeBatteryEvidence>> => {
    const { code, language } = input as CodeBatteryInput;
    const loaded = await loadLearnerInNode(code, language);
    if (!loaded.ok) return ok({ kind: 'not-loaded', message: loaded.error.message });
    const { module, random } = loaded.value;
    const learner = inProcessLearner(module, { now: options.learnerNow ?? options.now, random });
    return ok(batteryEvidence(await runBattery(learner, { ...options, source: code }), []));
  };
}
