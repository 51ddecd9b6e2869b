/**
 * For the tests of the labs' take-home scripts: runs a generated script as a learner would (saved to
 * a file, then `python3 file.py` or `node file.js`) and returns what it printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasPython = spawnSync('python3', ['--version']).status === 0;
if (!hasPython) console.warn('python3 is not installed: the exported Python scripts are not run.');

export interface ScriptRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

export function runScript(
  language: 'python' | 'node',
  script: string,
  options: { args?: string[]; files?: Record<string, string>; timeoutMs?: number } = {},
): ScriptRun {
  const dir = mkdtempSync(join(tmpdir(), 'take-home-'));
  try {
    const file = join(dir, language === 'python' ? 'script.py' : 'script.js');
    writeFileSync(file, script);
    for (const [name, text] of Object.entries(options.files ?? {}))
      writeFileSync(join(dir, name), text);
    const run = spawnSync(
      language === 'python' ? 'python3' : process.execPath,
      [file, ...(options.args ?? [])],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 60_000,
        env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
      },
    );
    return { stdout: run.stdout, stderr: run.stderr, status: run.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the script and fails with its stderr if it did not exit cleanly. */
export function runScriptOk(
  language: 'python' | 'node',
  script: string,
  options?: Parameters<typeof runScript>[2],
): string {
  const run = runScript(language, script, options);
  if (run.status !== 0)
    throw new Error(`${language} exited with ${run.status}:\n${run.stderr}\n${run.stdout}`);
  return run.stdout;
}
