/**
 * The code lab's challenge: make every attack fail with your own code. The answer is a module's
 * source, so it cannot be judged here: the definition's `run` names the `code-battery` runner,
 * which the environment supplies. The browser's (challenge-sandbox.ts) runs the module in the
 * sandbox and the battery in its worker, as the lab's Run button does; the CLI's
 * (challenge-runner.ts) runs it in the isolated child, as `code-attack --file` does. Either way the
 * battery's verdicts come back as evidence, and `check` judges that evidence in its own realm.
 */
import {
  defineChallenge,
  onlyFields,
  stringField,
  type Challenge,
  type Verdict,
} from '../../../core/challenge';
import { fail, ok, type Result } from '../../../core/result';
import { LANGUAGES, MAX_SOURCE_LENGTH, type Language } from './languages';
import type { BatteryReport } from './battery';
import { PRESETS } from './presets';
import { ATTACK_IDS, ATTACK_TITLES, type AttackId, type Verdict as AttackVerdict } from './report';

export const CODE_BATTERY = 'code-battery';

export interface CodePublic {
  /** What the module must export, as the lab's editor declares it. */
  exports: string[];
  attacks: { id: AttackId; title: string }[];
}

export interface CodeAnswer {
  code: string;
  language: Language;
}

/** What a `code-battery` runner gets. */
export type CodeBatteryInput = CodeAnswer;

/** What a `code-battery` runner returns: the battery's verdicts, or why the module did not load. */
export type CodeBatteryEvidence =
  | { kind: 'not-loaded'; message: string }
  | {
      kind: 'ran';
      /** Why the signing attacks could not run (verify rejects genuine tags…), or null. */
      checkProblem: string | null;
      results: { id: AttackId; verdict: AttackVerdict; headline: string }[];
      /** Requests that got no checked answer (a limit passed, the module crashed): not passed. */
      incomplete: string[];
    };

/** The evidence a finished battery run gives, with the requests that got no checked answer. */
export function batteryEvidence(
  report: BatteryReport,
  incomplete: readonly string[],
): CodeBatteryEvidence {
  return {
    kind: 'ran',
    checkProblem: report.checkProblem,
    results: report.results.map(({ id, verdict, headline }) => ({ id, verdict, headline })),
    incomplete: [...incomplete],
  };
}

/** A text from the battery (which may quote the module) as one short printable line. */
function quoted(text: string): string {
  // Control characters, line separators and bidirectional overrides cannot start a line or
  // turn the terminal's text around.
  const unprintable =
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
  const line = text.replace(unprintable, ' ');
  return line.length > 400 ? `${line.slice(0, 400)}…` : line;
}

const list = (items: string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

export function checkBattery(evidence: CodeBatteryEvidence | undefined): Verdict {
  if (!evidence)
    return { solved: false, reason: 'The module could not be run, so no attack was tried.' };
  if (evidence.kind === 'not-loaded')
    return {
      solved: false,
      reason: `The module does not load, so no attack could be tried: ${quoted(evidence.message)}`,
    };
  if (evidence.incomplete.length > 0)
    return {
      solved: false,
      reason: `The run did not finish: ${quoted(evidence.incomplete[0]!)}. An attack that could not run has not failed.`,
    };
  const byVerdict = (verdict: AttackVerdict) =>
    evidence.results.filter((r) => r.verdict === verdict);
  const through = byVerdict('fail');
  if (through.length > 0)
    return {
      solved: false,
      reason: `${through.length === 1 ? 'One attack gets' : `${through.length} attacks get`} through: ${list(through.map((r) => ATTACK_TITLES[r.id].toLowerCase()))}. ${ATTACK_TITLES[through[0]!.id]}: ${quoted(through[0]!.headline)}`,
    };
  if (evidence.checkProblem)
    return {
      solved: false,
      reason: `The signing attacks could not run: ${quoted(evidence.checkProblem)} A module whose verify refuses its own tags is not safe, only broken.`,
    };
  const missing = ATTACK_IDS.filter((id) => !evidence.results.some((r) => r.id === id));
  if (missing.length > 0)
    return {
      solved: false,
      reason: `These attacks did not run: ${list(missing.map((id) => ATTACK_TITLES[id].toLowerCase()))}.`,
    };
  const doubtful = evidence.results.find((r) => r.verdict !== 'pass');
  if (doubtful)
    return {
      solved: false,
      reason: `No attack got through, but ${ATTACK_TITLES[doubtful.id].toLowerCase()} is not a pass (${doubtful.verdict === 'skip' ? 'it could not run' : doubtful.verdict === 'warn' ? 'a risk remains' : 'nothing was measured, which proves nothing'}): ${quoted(doubtful.headline)}`,
    };
  return {
    solved: true,
    reason:
      'Every attack failed against your module: nothing to extend, nothing to tamper or truncate, no tag accepted for another purpose, no timing to read, no token to predict.',
  };
}

export const everyAttackFails = defineChallenge<
  CodePublic,
  Record<string, never>,
  CodeAnswer,
  never,
  never,
  CodeBatteryEvidence
>({
  id: 'code/every-attack-fails',
  lab: 'code',
  level: 3,
  title: 'Make every attack fail with your own code',
  brief:
    'Write the module a web service would ship: sign and verify for its messages, and makeToken for its sessions, with the helpers the lab’s editor offers. The lab’s battery then attacks it: length extension, tampering, truncation, a tag replayed for another purpose, a timing attack on verify, and a prediction of the next tokens.',
  goal: 'Hand in a module against which every attack in the battery fails.',
  hints: [
    'Run your module in the lab first: each attack’s report says what it did, what got through, and the standard function that fixes it.',
    'hash(secret + message) can be extended, and a key used for every purpose signs for all of them. A tag compared with == leaks its bytes by timing, and Math.random is predictable.',
    'Sign with HMAC under a key derived for each purpose (hkdf), compare tags with timingSafeEqual, and make tokens from randomBytes.',
  ],
  answerShape:
    '{ "code": "<the module’s source>", "language": "typescript" | "javascript" (default typescript) }',
  fields: [
    { name: 'code', label: 'Your module’s source', kind: 'textarea' },
    {
      name: 'language',
      label: 'Language',
      kind: 'choice',
      options: LANGUAGES.map((value) => ({ value, label: value })),
    },
  ],
  run: {
    kind: CODE_BATTERY,
    what: 'the module runs isolated (the browser’s sandbox, or the CLI’s isolated child) and the lab’s attack battery runs against it, which takes a few seconds.',
    input: (_pub, _secret, answer): CodeBatteryInput => answer,
  },
  make: () => ({
    public: {
      exports: [
        'sign(secret: string, message: string, purpose: string): string',
        'verify(secret: string, message: string, tag: string, purpose: string): boolean',
        'makeToken(): string',
      ],
      attacks: ATTACK_IDS.map((id) => ({ id, title: ATTACK_TITLES[id] })),
    },
    secret: {},
  }),
  parseAnswer(answer): Result<CodeAnswer> {
    const fields = onlyFields(answer, ['code', 'language']);
    if (!fields.ok) return fields;
    const code = stringField(answer, 'code', MAX_SOURCE_LENGTH);
    if (!code.ok) return code;
    if (code.value.trim() === '') return fail('answer/empty', 'code: the module is empty.');
    let language: Language = 'typescript';
    if (answer.language !== undefined) {
      if (!(LANGUAGES as readonly unknown[]).includes(answer.language))
        return fail('answer/language', 'language: "typescript" or "javascript".');
      language = answer.language as Language;
    }
    return ok({ code: code.value, language });
  },
  check: (_pub, _secret, _answer, evidence) => checkBattery(evidence),
  solve: () => ({ code: PRESETS.hmac.code, language: 'typescript' }),
});

export const CODE_CHALLENGES: readonly Challenge[] = [everyAttackFails];
