/**
 * The sandbox for the JavaScript half of the lab: a worker the page starts for one run and
 * terminates right after (or when the time limit passes), so whatever the evaluated text does —
 * globals, a polluted Object.prototype, an endless loop — dies with it.
 *
 * The page's Content-Security-Policy has no 'unsafe-eval', so eval() and new Function are refused
 * here too. Evaluating the text as the body of a blob: module (`export default (<text>);`) and
 * importing it is the same thing as eval for this purpose, and the policy allows blob: scripts.
 */
import { serveWorker } from '../../platform/worker-host';
import { evalJsonDemo, mergeDemo, type EvalDemo, type MergeDemo } from './core/json/contrast';

export type SandboxApi = {
  'eval-json': { payload: { text: string }; result: EvalDemo };
  'merge-json': {
    payload: { text: string };
    result: { ok: true; value: MergeDemo } | { ok: false; message: string };
  };
};

async function evaluate(expression: string): Promise<unknown> {
  const source = `export default (${expression}\n);\n`;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    const module = (await import(/* @vite-ignore */ url)) as { default: unknown };
    return module.default;
  } finally {
    URL.revokeObjectURL(url);
  }
}

serveWorker<SandboxApi>({
  'eval-json': ({ text }) => evalJsonDemo(text, evaluate),
  'merge-json': ({ text }) => mergeDemo(text),
});
