/**
 * `code-attack`: the code lab's battery from the command line, on a module file or a preset.
 * There is no sandbox here: the module runs in this Node process, as `node module.js` would, so
 * only give it code you would run anyway.
 */
import { bytesToUtf8 } from '../../core/bytes';
import { fail, ok, type Result } from '../../core/result';
import { stringOption, type CliCommand, type OptionValues } from '../../cli/command';
import { readWholeFile } from '../../cli/read-file';
import { runBattery } from './core/battery';
import { LANGUAGES, type Language } from './core/compile';
import { PRESET_IDS, PRESETS, type PresetId } from './core/presets';
import { ATTACK_IDS, VERDICT_WORDS, type AttackId, type AttackResult } from './core/report';
import { loadLearnerInNode } from './node-runner';

interface Source {
  code: string;
  language: Language;
}

async function readSource(values: OptionValues): Promise<Result<Source>> {
  const file = stringOption(values, 'file');
  const preset = stringOption(values, 'preset');
  if ((file === undefined) === (preset === undefined))
    return fail('usage/one-input', 'Give exactly one of --file or --preset.');
  const languageOption = stringOption(values, 'language');
  if (languageOption !== undefined && !(LANGUAGES as readonly string[]).includes(languageOption))
    return fail('usage/language', 'Give --language typescript or --language javascript.');
  if (preset !== undefined) {
    if (!(PRESET_IDS as readonly string[]).includes(preset))
      return fail('input/preset', `Unknown preset "${preset}": one of ${PRESET_IDS.join(', ')}.`);
    return ok({ code: PRESETS[preset as PresetId].code, language: 'typescript' });
  }
  const bytes = await readWholeFile(file!);
  if (!bytes.ok) return bytes;
  const language =
    (languageOption as Language | undefined) ??
    (/\.(m|c)?js$/i.test(file!) ? 'javascript' : 'typescript');
  return ok({ code: bytesToUtf8(bytes.value), language });
}

function parseOnly(text: string | undefined): Result<readonly AttackId[]> {
  if (text === undefined) return ok(ATTACK_IDS);
  const ids = text.split(',').map((s) => s.trim());
  const unknown = ids.find((id) => !(ATTACK_IDS as readonly string[]).includes(id));
  if (unknown !== undefined)
    return fail('usage/only', `Unknown attack "${unknown}": one of ${ATTACK_IDS.join(', ')}.`);
  return ok(ids as AttackId[]);
}

export interface CodeAttackOutput {
  checkProblem: string | null;
  results: Pick<AttackResult, 'id' | 'verdict' | 'headline' | 'notes' | 'evidence'>[];
}

export const codeAttackCommand: CliCommand = {
  name: 'code-attack',
  summary:
    'Run the code lab’s attacks on a module exporting sign, verify and makeToken (runs it in this process: trusted code only).',
  usage:
    '(--file module.ts|module.js | --preset <id>) [--language typescript|javascript] [--only length-extension,timing,…] [--json]',
  options: {
    file: { type: 'string', short: 'f' },
    preset: { type: 'string' },
    language: { type: 'string' },
    only: { type: 'string' },
  },
  async run(values) {
    const source = await readSource(values);
    if (!source.ok) return source;
    const only = parseOnly(stringOption(values, 'only'));
    if (!only.ok) return only;
    const loaded = await loadLearnerInNode(source.value.code, source.value.language);
    if (!loaded.ok) return loaded;
    const report = await runBattery(loaded.value.learner, {
      now: () => performance.now(),
      source: source.value.code,
      only: only.value,
    });
    const output: CodeAttackOutput = {
      checkProblem: report.checkProblem,
      results: report.results.map(({ id, verdict, headline, notes, evidence }) => ({
        id,
        verdict,
        headline,
        notes,
        evidence,
      })) as CodeAttackOutput['results'],
    };
    return ok(output);
  },
  format: (value) => {
    const v = value as CodeAttackOutput;
    const lines = v.results.map(
      (r) => `${VERDICT_WORDS[r.verdict].symbol} ${r.id.padEnd(17)} ${r.headline}`,
    );
    return [...(v.checkProblem ? [v.checkProblem] : []), ...lines].join('\n');
  },
};
