/**
 * The code lab's sandbox script: it runs inside the app's sandbox (src/platform/sandbox/), loads
 * the learner's compiled module and answers the battery's requests with the harness
 * (core/learner-harness.ts). The battery itself runs outside, in the app's worker
 * (battery.worker.ts), and decides every verdict there.
 *
 * The clock and everything else the harness needs are taken when this script starts, before the
 * learner's code exists; the module then gets the learner API (md5, hmac, random…) as globals.
 */
import { errorText, runClassicScript, serveSandbox } from '../../platform/sandbox/inside';
import { importRefusal, SCRIPT_GLOBAL } from './core/compile';
import { learnerGlobals, PythonRandomModule } from './core/learner-api';
import { pickExports } from './core/learner';
import { createLearnerHarness, describeExports, type Harness } from './core/learner-harness';
import type { LoadAnswer } from './core/learner-protocol';

const scope = self as unknown as Record<string, unknown>;
const now = performance.now.bind(performance);
const isolated = self.crossOriginIsolated;
const defineProperty = Object.defineProperty;

type LearnerFunction = (exports: object, require: (name: unknown) => never) => Promise<void>;

let harness: Harness | null = null;
let loaded = false;

async function load(payload: unknown, reply: (answer: LoadAnswer) => void): Promise<void> {
  const code = (payload as { code?: unknown } | null)?.code;
  if (loaded || typeof code !== 'string') throw new Error('One module per sandbox, as text.');
  loaded = true;
  const random = new PythonRandomModule();
  for (const [name, value] of Object.entries(learnerGlobals(random)))
    defineProperty(self, name, { value, writable: true, configurable: true });
  const exports: Record<string, unknown> = {};
  try {
    runClassicScript(code);
    const learner = scope[SCRIPT_GLOBAL] as LearnerFunction;
    delete scope[SCRIPT_GLOBAL];
    await learner(exports, (name) => {
      throw new Error(importRefusal(name));
    });
  } catch (error) {
    reply({ ok: false, message: `Your module threw while loading: ${errorText(error)}` });
    return;
  }
  const picked = pickExports(exports);
  if (!picked.ok) {
    reply({ ok: false, message: picked.error.message });
    return;
  }
  harness = createLearnerHarness(picked.value, { now, random });
  reply({ ok: true, exports: describeExports(picked.value), crossOriginIsolated: isolated });
}

const answer = (op: string) => (payload: unknown, reply: (value: unknown) => void) => {
  if (!harness) throw new Error('No module is loaded.');
  reply(harness(op, payload));
};

serveSandbox({
  load: (payload, reply) => load(payload, reply),
  sign: answer('sign'),
  verify: answer('verify'),
  'timing-start': answer('timing-start'),
  'timing-sample': answer('timing-sample'),
  'tokens-collect': answer('tokens-collect'),
  'tokens-replay': answer('tokens-replay'),
});
