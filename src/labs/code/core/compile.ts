/**
 * The learner's TypeScript or JavaScript, made ready to run without eval: sucrase strips the types
 * and turns `export function sign` into `exports.sign = sign` (and any `import` into a `require`
 * that the sandbox refuses), and the result is wrapped as one async function in an ES module. The
 * sandbox imports that module from a blob: URL, which the page's Content-Security-Policy allows
 * (script-src 'self' blob:) without 'unsafe-eval'.
 */
import { transform } from 'sucrase';
import type { InputError } from '../../../core/result';

export { LANGUAGES, MAX_SOURCE_LENGTH, type Language } from './languages';
import { MAX_SOURCE_LENGTH, type Language } from './languages';

export interface CompileError extends InputError {
  /** 1-based line and column in the learner's source, when the parser knows them. */
  line?: number;
  column?: number;
}

export type CompileResult = { ok: true; value: string } | { ok: false; error: CompileError };

/**
 * How the sandbox loads the compiled code: as an ES module (a module worker imports it), or as a
 * classic script (the single-file build's workers are classic, and load it with importScripts).
 */
export type WrapperFormat = 'module' | 'script';

/** The global a classic-script wrapper leaves its function on (the sandbox takes it and deletes it). */
export const SCRIPT_GLOBAL = '__codeLabLearnerModule';

/**
 * The module text: `export default async function (exports, require) { …learner's code… }` (or,
 * as a script, the same function assigned to globalThis[SCRIPT_GLOBAL]). The learner's first line
 * shares the wrapper's first line and sucrase keeps line breaks, so a line number in a stack
 * trace is the line in the editor.
 */
export function compileLearnerCode(
  source: string,
  language: Language,
  format: WrapperFormat = 'module',
): CompileResult {
  if (source.length > MAX_SOURCE_LENGTH)
    return {
      ok: false,
      error: {
        code: 'compile/too-long',
        message: `The code is ${source.length} characters long; the sandbox takes at most ${MAX_SOURCE_LENGTH}.`,
      },
    };
  let code: string;
  try {
    code = transform(source, {
      transforms: language === 'typescript' ? ['typescript', 'imports'] : ['imports'],
      production: true,
    }).code;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const text = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: {
        code: 'compile/syntax',
        message: loc
          ? `Syntax error on line ${loc.line}, column ${loc.column}: ${text.replace(/\s*\(\d+:\d+\)$/, '')}.`
          : `Syntax error: ${text}.`,
        // sucrase's columns are already 1-based, as the editor's are.
        ...(loc ? { line: loc.line, column: loc.column } : {}),
      },
    };
  }
  const head = format === 'module' ? 'export default' : `globalThis.${SCRIPT_GLOBAL} = (`;
  const tail = format === 'module' ? '' : ');';
  return {
    ok: true,
    value: `${head} async function (exports, require) {${code}\n}${tail}\n`,
  };
}

/** What `require` says inside the sandbox. */
export function importRefusal(name: unknown): string {
  return `import "${String(name)}" is not available in the sandbox: there is nothing to load. md5, sha256, hmac, hkdf, randomBytes and the other helpers are already in scope.`;
}

/** TypeScript → JavaScript with the module syntax kept (for switching the editor's language). */
export function stripTypes(source: string): CompileResult {
  try {
    return {
      ok: true,
      value: transform(source, { transforms: ['typescript'], production: true }).code,
    };
  } catch (error) {
    return {
      ok: false,
      error: {
        code: 'compile/syntax',
        message: error instanceof Error ? error.message : String(error),
      },
    };
  }
}
