/** The lint rule that keeps each lab's core behind its index (eslint.config.js, labs/boundary). */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'labs/boundary').map((m) => m.message);
}

describe('a lab reaches another lab’s core only through its index', () => {
  it('refuses a module inside another lab’s core, naming the index to use', async () => {
    const errors = await boundaryErrors(
      'src/labs/timing/TimingPanel.tsx',
      "import { cloneFromOutputs } from '../randomness/core/mt-clone';\nexport const f = cloneFromOutputs;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("import '../randomness/core'");
  });

  it('refuses it from a lab’s own core, in re-exports and in dynamic imports', async () => {
    const errors = await boundaryErrors(
      'src/labs/timing/core/attack.ts',
      [
        "export { forgeRange } from '../../length-extension/core/forge';",
        "export * from '../../hashes/core/algorithms.ts';",
        "export const load = () => import('../../randomness/core/engines');",
      ].join('\n'),
    );
    expect(errors).toHaveLength(3);
  });

  it('allows the index, the lab’s own core and shared core', async () => {
    const errors = await boundaryErrors(
      'src/labs/code/core/attack-tokens.ts',
      [
        "import { forgeRange } from '../../length-extension/core';",
        "import { PythonRandom } from '../../randomness/core/index';",
        "import { compile } from './compile';",
        "import { median } from '../../../core/stats';",
        'export const all = [forgeRange, PythonRandom, compile, median];',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
  });

  it('the code lab has no exceptions left', async () => {
    const errors = await boundaryErrors(
      'src/labs/code/learner-child.ts',
      "import { MT_N } from '../randomness/core/mt19937';\nexport const n = MT_N;\n",
    );
    expect(errors).toHaveLength(1);
  });
});
