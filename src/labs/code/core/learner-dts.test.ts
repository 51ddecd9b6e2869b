import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { learnerGlobals } from './learner-api';
import { declaredGlobals, LEARNER_DTS } from './learner-dts';
import { PRESET_IDS, PRESETS } from './presets';

/**
 * Type-checks modules as the editor does, with the API declared as globals: one program for all
 * of them (each file is a module, so their names do not clash). Errors by file name.
 */
function typeErrorsOf(modules: Record<string, string>): Record<string, string[]> {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    lib: ['lib.es2022.d.ts', 'lib.webworker.d.ts'],
    strict: true,
    noEmit: true,
    types: [],
  };
  const files: Record<string, string> = { '/api.d.ts': LEARNER_DTS };
  for (const [name, code] of Object.entries(modules)) files[`/${name}.ts`] = code;
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, version) =>
    name in files ? ts.createSourceFile(name, files[name]!, version) : getSourceFile(name, version);
  host.fileExists = (name) => name in files || ts.sys.fileExists(name);
  const program = ts.createProgram(Object.keys(files), options, host);
  const errors: Record<string, string[]> = Object.fromEntries(
    Object.keys(modules).map((n) => [n, []]),
  );
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const name = d.file?.fileName.replace(/^\/|\.ts$/g, '') ?? 'global';
    (errors[name] ??= []).push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
  return errors;
}

describe('the declarations the editor knows', () => {
  test('declare exactly the globals the sandbox installs', () => {
    expect(declaredGlobals().sort()).toEqual(Object.keys(learnerGlobals()).sort());
  });

  test('every preset type-checks against them', () => {
    const errors = typeErrorsOf(Object.fromEntries(PRESET_IDS.map((id) => [id, PRESETS[id].code])));
    expect(errors).toEqual(Object.fromEntries(PRESET_IDS.map((id) => [id, []])));
  });

  test('a misuse is a type error (the check can fail)', () => {
    const errors = typeErrorsOf({
      wrongType: 'export const x: number = md5("a");',
      wrongHash: 'export const y = hmac("sha3", "k", "m");',
    });
    expect(errors.wrongType!.join()).toMatch(/not assignable to type 'number'/);
    expect(errors.wrongHash!.join()).toMatch(/"sha3"/);
  });
});
