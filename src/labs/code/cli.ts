/**
 * `code-attack`: the code lab's battery from the command line, on a module file or a preset.
 *
 * A file is untrusted: it runs in the CLI's isolated child (src/cli/isolated/, no file writes, no
 * processes, no network, an empty environment, limits), behind the same checked requests as the
 * browser's sandbox (isolated-learner.ts). A preset is the app's own code, so it runs in this
 * process through the same requests and checks (node-runner.ts); that way presets also work where
 * no network namespace can be made.
 *
 * The battery and its verdicts stay in this process, and so does what is printed: nothing the
 * module does reaches this process's stdout, and its texts (a thrown message inside a headline) are
 * printed with control characters escaped.
 */
import { bytesToUtf8 } from '../../core/bytes';
import { fail, ok, type Result } from '../../core/result';
import { stringOption, type CliCommand, type OptionValues } from '../../cli/command';
import { readWholeFile } from '../../cli/read-file';
import type { ChildActivity } from '../../cli/isolated/runner';
import { runBattery, type BatteryReport } from './core/battery';
import { LANGUAGES, type Language } from './core/compile';
import { PRESET_IDS, PRESETS, type PresetId } from './core/presets';
import { ATTACK_IDS, VERDICT_WORDS, type AttackId, type AttackResult } from './core/report';
import type { RemoteLearner } from './core/remote-learner';
import { DEFAULT_LIMIT_MS } from './isolated-learner';
import type { PythonAudit } from './core/python-wire';
import { loadLearnerInNode } from './node-runner';

interface Source {
  code: string;
  language: Language | 'python';
  /** From --file: runs in the isolated child. */
  untrusted: boolean;
}

async function readSource(values: OptionValues): Promise<Result<Source>> {
  const file = stringOption(values, 'file');
  const preset = stringOption(values, 'preset');
  if ((file === undefined) === (preset === undefined))
    return fail('usage/one-input', 'Give exactly one of --file or --preset.');
  const languageOption = stringOption(values, 'language');
  if (
    languageOption !== undefined &&
    !([...LANGUAGES, 'python'] as readonly string[]).includes(languageOption)
  )
    return fail('usage/language', 'Give --language typescript, javascript or python.');
  if (preset !== undefined) {
    if (languageOption === 'python')
      return fail(
        'usage/language',
        'The presets are TypeScript; give a Python module with --file module.py.',
      );
    if (!(PRESET_IDS as readonly string[]).includes(preset))
      return fail('input/preset', `Unknown preset "${preset}": one of ${PRESET_IDS.join(', ')}.`);
    return ok({ code: PRESETS[preset as PresetId].code, language: 'typescript', untrusted: false });
  }
  const bytes = await readWholeFile(file!);
  if (!bytes.ok) return bytes;
  const language =
    (languageOption as Source['language'] | undefined) ??
    (/\.(m|c)?js$/i.test(file!) ? 'javascript' : /\.py$/i.test(file!) ? 'python' : 'typescript');
  return ok({ code: bytesToUtf8(bytes.value), language, untrusted: true });
}

function parseOnly(text: string | undefined): Result<readonly AttackId[]> {
  if (text === undefined) return ok(ATTACK_IDS);
  const ids = text.split(',').map((s) => s.trim());
  const unknown = ids.find((id) => !(ATTACK_IDS as readonly string[]).includes(id));
  if (unknown !== undefined)
    return fail('usage/only', `Unknown attack "${unknown}": one of ${ATTACK_IDS.join(', ')}.`);
  return ok(ids as AttackId[]);
}

function parseTimeLimit(text: string | undefined): Result<number> {
  if (text === undefined) return ok(DEFAULT_LIMIT_MS);
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(seconds >= 1 && seconds <= 300))
    return fail('usage/time-limit', 'Give --time-limit in seconds, from 1 to 300.');
  return ok(Math.round(seconds * 1000));
}

/**
 * A text from the module (a thrown message in a headline) as one printable line: control
 * characters, line and paragraph separators and bidirectional overrides are escaped, so it can
 * neither start a line of its own nor send the terminal an escape sequence.
 */
export function printable(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** How a --file module ran in the isolated child. */
export interface IsolationReport {
  network: ChildActivity['network'];
  /**
   * Requests the battery got no checked answer to (the child passed a limit, crashed, flooded its
   * channel, or answered malformed): the attacks they belonged to are "not run".
   */
  failures: string[];
  /** What the module printed (kept apart from the CLI's output, cut to a few thousand characters). */
  stdout: ChildActivity['stdout'];
  stderr: ChildActivity['stderr'];
  /** Lines on the channel without the run's token (written by the module), ignored. */
  forgedLines: number;
  overlongLines: number;
  /**
   * For a Python module: every audit event it raised (file, process, network, import…), each
   * refused by the hook, so none of them happened; null for TypeScript (or when the child could not say).
   */
  pythonAudit?: PythonAudit | null;
}

export interface CodeAttackOutput {
  checkProblem: string | null;
  results: Pick<AttackResult, 'id' | 'verdict' | 'headline' | 'notes' | 'evidence'>[];
  /** For --file; null for a preset (the app's own code, run in this process). */
  isolation: IsolationReport | null;
}

/** Exit status when at least one attack got through. */
export const EXIT_VULNERABLE = 3;

async function runIsolated(
  source: Source,
  values: OptionValues,
  run: (learner: RemoteLearner) => Promise<BatteryReport>,
): Promise<Result<{ report: BatteryReport; isolation: IsolationReport }>> {
  const limitMs = parseTimeLimit(stringOption(values, 'time-limit'));
  if (!limitMs.ok) return limitMs;
  const { IsolatedLearner } = await import('./isolated-learner');
  const options = { allowNetwork: values['allow-network'] === true, limitMs: limitMs.value };
  const started =
    source.language === 'python'
      ? await IsolatedLearner.startPython(source.code, options)
      : await IsolatedLearner.start(source.code, source.language, options);
  if (!started.ok) {
    const audit: PythonAudit | null =
      'audit' in started ? (started.audit as PythonAudit | null) : null;
    const refused = audit?.events.length
      ? ` (the audit hook refused: ${[...new Set(audit.events.map((e) => e.event))].join(', ')})`
      : '';
    return fail(started.error.code, printable(started.error.message + refused));
  }
  const isolated = started.value;
  try {
    const report = await run(isolated.learner);
    const { network, stdout, stderr, forgedLines, overlongLines } = isolated.activity();
    const pythonAudit = source.language === 'python' ? await isolated.audit() : undefined;
    return ok({
      report,
      isolation: {
        network,
        failures: [...isolated.failures],
        stdout,
        stderr,
        forgedLines,
        overlongLines,
        ...(pythonAudit === undefined ? {} : { pythonAudit }),
      },
    });
  } finally {
    await isolated.stop();
  }
}

export const codeAttackCommand: CliCommand = {
  name: 'code-attack',
  summary:
    'Run the code lab’s attacks on a module exporting sign, verify and makeToken, or a Python module defining sign, verify and make_token (a --file runs in an isolated child: no files, processes or network).',
  usage: [
    '(--file module.ts|module.js|module.py | --preset <id>) [--language typescript|javascript|python] [--only length-extension,timing,…] [--time-limit <seconds>] [--allow-network] [--json]',
    '',
    'A --file module runs in the CLI’s isolated child: Node’s permission model (no file writes, no reads outside the CLI’s bundle, no child processes or workers), an empty network namespace, an empty environment, a memory limit, and --time-limit per request (default 10 s). The attacks and their verdicts are computed in the CLI’s process from checked answers. Where no network namespace can be made, it refuses to run unless --allow-network is given. A --preset is the app’s own code and runs in the CLI’s process.',
    '',
    'A Python module (module.py, or --language python) defines def sign(secret: bytes, message: bytes[, purpose: str]) -> str (or bytes), def verify(secret, message, tag[, purpose]) -> bool and def make_token() -> str; it runs in CPython 3.14 (Pyodide) in the same isolated child, under an audit hook installed before the module’s text arrives that records and refuses every audit event the module raises (files, processes, sockets, imports of modules not already loaded, eval and exec): the JSON’s isolation.pythonAudit lists them.',
    '',
    'With --json: {"checkProblem": null | "<why the signing attacks could not run>", "results": [{"id", "verdict": "pass" | "fail" | "warn" | "unmeasured" | "skip", "headline", "notes", "evidence"}, …], "isolation": null (a preset) | {"network", "failures": [], "stdout", "stderr", "forgedLines", "overlongLines"}}.',
    '',
    'Exit status: 0 when no attack got through (a warning or an unmeasured timing is not a pass either: read the report); 3 when at least one got through (the module is vulnerable); 1 for bad input, including a module that does not load and a run left incomplete (the isolated child was stopped or could not answer, or verify rejected genuine tags, so the signing attacks did not run: the report is still printed); 2 for bad usage.',
  ].join('\n'),
  options: {
    file: { type: 'string', short: 'f' },
    preset: { type: 'string' },
    language: { type: 'string' },
    only: { type: 'string' },
    'time-limit': { type: 'string' },
    'allow-network': { type: 'boolean' },
  },
  async run(values) {
    const source = await readSource(values);
    if (!source.ok) return source;
    const only = parseOnly(stringOption(values, 'only'));
    if (!only.ok) return only;
    const battery = (learner: RemoteLearner) =>
      runBattery(learner, {
        now: () => performance.now(),
        // Read for the kind of compare verify uses (compare-scan.ts), never run here.
        source: source.value.code,
        ...(source.value.language === 'python' ? { sourceLanguage: 'python' as const } : {}),
        only: only.value,
      });
    let report: BatteryReport;
    let isolation: IsolationReport | null = null;
    if (source.value.untrusted) {
      const ran = await runIsolated(source.value, values, battery);
      if (!ran.ok) return ran;
      ({ report, isolation } = ran.value);
    } else if (source.value.language !== 'python') {
      const loaded = await loadLearnerInNode(source.value.code, source.value.language);
      if (!loaded.ok) return loaded;
      report = await battery(loaded.value.learner);
    } else {
      return fail('usage/language', 'A Python module runs only from --file.');
    }
    const output: CodeAttackOutput = {
      checkProblem: report.checkProblem,
      results: report.results.map(({ id, verdict, headline, notes, evidence }) => ({
        id,
        verdict,
        headline,
        notes,
        evidence,
      })) as CodeAttackOutput['results'],
      isolation,
    };
    return ok(output);
  },
  format: (value) => {
    const v = value as CodeAttackOutput;
    const lines = v.results.map(
      (r) => `${VERDICT_WORDS[r.verdict].symbol} ${r.id.padEnd(17)} ${printable(r.headline)}`,
    );
    const notes: string[] = [];
    const iso = v.isolation;
    if (iso) {
      if (iso.network !== 'namespace')
        notes.push('The module ran with the network reachable (--allow-network).');
      const printed = iso.stdout.text.length + iso.stdout.droppedChars;
      const errors = iso.stderr.text.length + iso.stderr.droppedChars;
      if (printed + errors + iso.forgedLines + iso.overlongLines > 0)
        notes.push(
          `The module printed ${printed} characters on stdout and ${errors} on stderr, and wrote ${iso.forgedLines + iso.overlongLines} lines on the channel without its token; none of it is shown here (see --json).`,
        );
    }
    return [...(v.checkProblem ? [printable(v.checkProblem)] : []), ...lines, ...notes].join('\n');
  },
  exitStatus: (value) => {
    const v = value as CodeAttackOutput;
    const through = v.results.filter((r) => r.verdict === 'fail').length;
    const failures = v.isolation?.failures ?? [];
    const incomplete = failures.length
      ? `the run is incomplete: ${printable(failures[0]!)}${failures.length > 1 ? ` (and ${failures.length - 1} more requests without an answer)` : ''}`
      : v.checkProblem
        ? `the signing attacks did not run: ${printable(v.checkProblem)}`
        : undefined;
    return {
      status: through > 0 ? EXIT_VULNERABLE : incomplete ? 1 : 0,
      ...(incomplete ? { error: incomplete } : {}),
    };
  },
};
