/**
 * The JavaScript half of the lab, run in the app's sandbox (src/platform/sandbox/): a fresh one
 * for every run, removed right after, so whatever the evaluated text does (globals, a polluted
 * Object.prototype, an endless loop, a request, a write to storage) stays in it or is refused.
 *
 * Neither the page's nor the frame's policy has 'unsafe-eval', so eval() and new Function are
 * refused here. Evaluating the text as the body of a blob: module (`export default (<text>);`) and
 * importing it is the same thing as eval for this purpose, and the policies allow blob: scripts.
 */
import { importModuleText, serveSandbox } from '../../platform/sandbox/inside';
import { evalJsonDemo, mergeDemo } from './core/json/contrast';

async function evaluate(expression: string): Promise<unknown> {
  return (await importModuleText(`export default (${expression}\n);\n`)).default;
}

function textOf(payload: unknown): string {
  const text = (payload as { text?: unknown } | null)?.text;
  if (typeof text !== 'string') throw new TypeError('The request carries no text.');
  return text;
}

serveSandbox({
  'eval-json': async (payload, reply) => reply(await evalJsonDemo(textOf(payload), evaluate)),
  'merge-json': (payload, reply) => reply(mergeDemo(textOf(payload))),
});
