/**
 * The CLI as the tests run it (unit and end-to-end): the real entry point (`npm run -s cli -- …`
 * runs exactly this) in a child Node process, so a test sees what a user sees: the exit code,
 * stdout and stderr.
 */
import { spawn, spawnSync } from 'node:child_process';

export interface CliRun {
  /** null when the process was killed (by the time limit, for one). */
  code: number | null;
  stdout: string;
  stderr: string;
}

const ENTRY = 'scripts/cli.mjs';
/**
 * A CLI that hangs fails its test after this instead of blocking the run (long enough for a first
 * run that builds the CLI bundle and Pyodide's snapshot on a busy machine).
 */
const TIME_LIMIT_MS = 300_000;

export function runCli(...args: string[]): CliRun {
  const result = spawnSync(process.execPath, [ENTRY, ...args], {
    encoding: 'utf8',
    timeout: TIME_LIMIT_MS,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same without blocking: for runs side by side, or a CLI that connects to the test's server. */
export function runCliAsync(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ENTRY, ...args], { timeout: TIME_LIMIT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a command with `--json`, which must succeed with nothing on stderr; returns the value. */
export function runCliJson<T = unknown>(...args: string[]): T {
  const { code, stdout, stderr } = runCli(...args, '--json');
  if (code !== 0 || stderr !== '')
    throw new Error(`cli ${args.join(' ')} --json: exit ${code}, stderr: ${stderr}`);
  return JSON.parse(stdout) as T;
}
