/**
 * The learner's progress on the challenges: per challenge, solved, shown ("Show me" was used),
 * attempts (answers the server judged), hints opened and time spent on its page; and the answers
 * given to the labs' recap questions. It is kept in this browser's localStorage and nowhere else;
 * export writes it to a JSON file, import reads one back after checking every field, so a damaged
 * file changes nothing.
 *
 * Pure functions here; `use-progress.ts` holds the storage and the React hook.
 */
import { fail, ok, type Result } from '../../core/result';
import { formatNumber } from '../../core/number-format';

export interface ChallengeProgress {
  solved: boolean;
  /** "Show me" ran on one of its instances: the answer was seen, not found. */
  shown: boolean;
  /** Answers the server judged (refused input that never reached it is not counted). */
  attempts: number;
  /**
   * Other requests the server answered ("Ask the server", an attack script's oracle calls);
   * absent in exports made before it was counted.
   */
  requests?: number;
  /** How many of its hints are open (they open in order). */
  hintsUsed: number;
  /** Time spent with its page open and visible, in milliseconds. */
  timeMs: number;
  /** When it was first solved (ISO 8601), if it was. */
  solvedAt?: string;
}

/** The option last chosen for a recap question, and whether it was the right one. */
export interface RecapAnswer {
  option: number;
  right: boolean;
}

export interface Progress {
  challenges: Record<string, ChallengeProgress>;
  /** By `<lab>/<question id>` (src/labs/<lab>/recap.ts). */
  recaps: Record<string, RecapAnswer>;
}

export type ChallengeStatus = 'solved' | 'shown' | 'attempted' | 'new';

export const STATUS_LABELS: Record<ChallengeStatus, string> = {
  solved: 'Solved',
  shown: 'Shown',
  attempted: 'Attempted',
  new: 'New',
};

export const PROGRESS_FORMAT = 'security-playground/challenge-progress';
export const PROGRESS_VERSION = 1;
/** An export is a few kilobytes; a file far bigger than this is not one. */
export const MAX_PROGRESS_CHARS = 1_000_000;

export const EMPTY_PROGRESS: Progress = { challenges: {}, recaps: {} };

export const NEW_CHALLENGE: ChallengeProgress = {
  solved: false,
  shown: false,
  attempts: 0,
  hintsUsed: 0,
  timeMs: 0,
};

export function progressOf(progress: Progress, id: string): ChallengeProgress {
  return Object.hasOwn(progress.challenges, id) ? progress.challenges[id]! : NEW_CHALLENGE;
}

/** Solved wins over shown: a learner who solved it first and then looked still solved it. */
export function statusOf(entry: ChallengeProgress): ChallengeStatus {
  if (entry.solved) return 'solved';
  if (entry.shown) return 'shown';
  // Opening a hint is reading, not trying: only answers and requests make it attempted.
  if (entry.attempts > 0 || (entry.requests ?? 0) > 0) return 'attempted';
  return 'new';
}

export function updateChallenge(
  progress: Progress,
  id: string,
  change: (entry: ChallengeProgress) => ChallengeProgress,
): Progress {
  return {
    ...progress,
    challenges: { ...progress.challenges, [id]: change(progressOf(progress, id)) },
  };
}

export function recapKey(labId: string, questionId: string): string {
  return `${labId}/${questionId}`;
}

export function recapAnswerOf(
  progress: Progress,
  labId: string,
  questionId: string,
): RecapAnswer | null {
  const key = recapKey(labId, questionId);
  return Object.hasOwn(progress.recaps, key) ? progress.recaps[key]! : null;
}

export function answerRecap(
  progress: Progress,
  labId: string,
  questionId: string,
  answer: RecapAnswer,
): Progress {
  return { ...progress, recaps: { ...progress.recaps, [recapKey(labId, questionId)]: answer } };
}

/** What an export file holds. */
export function serializeProgress(progress: Progress, now: Date): string {
  return JSON.stringify(
    {
      format: PROGRESS_FORMAT,
      version: PROGRESS_VERSION,
      exportedAt: now.toISOString(),
      challenges: progress.challenges,
      recaps: progress.recaps,
    },
    null,
    2,
  );
}

const ID = /^[a-z0-9-]+\/[a-z0-9-]+$/;

function count(value: unknown, where: string, max: number): Result<number> {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max)
    return fail('progress/field', `${where} must be a whole number from 0 to ${max}.`);
  return ok(value);
}

function entryFrom(value: unknown, id: string): Result<ChallengeProgress> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('progress/field', `"${id}" must be an object.`);
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v))
    if (
      !['solved', 'shown', 'attempts', 'requests', 'hintsUsed', 'timeMs', 'solvedAt'].includes(key)
    )
      return fail('progress/field', `"${id}" has an unknown field "${key.slice(0, 40)}".`);
  for (const flag of ['solved', 'shown'] as const)
    if (typeof v[flag] !== 'boolean')
      return fail('progress/field', `"${id}".${flag} must be true or false.`);
  const attempts = count(v.attempts, `"${id}".attempts`, 1_000_000);
  if (!attempts.ok) return attempts;
  const hintsUsed = count(v.hintsUsed, `"${id}".hintsUsed`, 100);
  if (!hintsUsed.ok) return hintsUsed;
  const timeMs = count(v.timeMs, `"${id}".timeMs`, 10 * 365 * 86_400_000);
  if (!timeMs.ok) return timeMs;
  const entry: ChallengeProgress = {
    solved: v.solved as boolean,
    shown: v.shown as boolean,
    attempts: attempts.value,
    hintsUsed: hintsUsed.value,
    timeMs: timeMs.value,
  };
  if (v.requests !== undefined) {
    const requests = count(v.requests, `"${id}".requests`, 1_000_000_000);
    if (!requests.ok) return requests;
    entry.requests = requests.value;
  }
  if (v.solvedAt !== undefined) {
    if (typeof v.solvedAt !== 'string' || Number.isNaN(Date.parse(v.solvedAt)))
      return fail('progress/field', `"${id}".solvedAt must be a date.`);
    entry.solvedAt = v.solvedAt;
  }
  return ok(entry);
}

function recapAnswerFrom(value: unknown, key: string): Result<RecapAnswer> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('progress/field', `Recap answer "${key}" must be an object.`);
  const v = value as Record<string, unknown>;
  for (const field of Object.keys(v))
    if (field !== 'option' && field !== 'right')
      return fail(
        'progress/field',
        `Recap answer "${key}" has an unknown field "${field.slice(0, 40)}".`,
      );
  const option = count(v.option, `Recap answer "${key}".option`, 20);
  if (!option.ok) return option;
  if (typeof v.right !== 'boolean')
    return fail('progress/field', `Recap answer "${key}".right must be true or false.`);
  return ok({ option: option.value, right: v.right });
}

/**
 * Reads an export file (or what localStorage holds, which is the same format). Every field is
 * checked; the first problem is reported and nothing is returned, so an import is all or nothing.
 * Ids of challenges this version does not have are kept (a newer version's export).
 */
export function parseProgress(text: string): Result<Progress> {
  if (text.length > MAX_PROGRESS_CHARS)
    return fail(
      'progress/too-long',
      `This file is ${formatNumber(text.length)} characters long; a progress file is a few thousand. Is it the right file?`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(
      'progress/json',
      `This file is not valid JSON (${(error as Error).message}), so it is not a progress export.`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('progress/format', 'This file is not a progress export: it is not a JSON object.');
  const file = value as Record<string, unknown>;
  if (file.format !== PROGRESS_FORMAT)
    return fail(
      'progress/format',
      `This file is not a progress export: its "format" is not "${PROGRESS_FORMAT}".`,
    );
  if (file.version !== PROGRESS_VERSION)
    return fail(
      'progress/version',
      `This progress export has version ${JSON.stringify(file.version)}; this app reads version ${PROGRESS_VERSION}.`,
    );
  const list = file.challenges;
  if (typeof list !== 'object' || list === null || Array.isArray(list))
    return fail('progress/field', 'This progress export has no "challenges" object.');
  const challenges: Record<string, ChallengeProgress> = {};
  for (const [id, entry] of Object.entries(list)) {
    if (!ID.test(id))
      return fail('progress/field', `"${id.slice(0, 60)}" is not a challenge id (lab/slug).`);
    const parsed = entryFrom(entry, id);
    if (!parsed.ok) return parsed;
    // defineProperty: an id is data, never a prototype (ids are checked above, but stay safe).
    Object.defineProperty(challenges, id, { value: parsed.value, enumerable: true });
  }
  // Recap answers came later: a file without them (an older export) has none.
  const recaps: Record<string, RecapAnswer> = {};
  if (file.recaps !== undefined) {
    const answers = file.recaps;
    if (typeof answers !== 'object' || answers === null || Array.isArray(answers))
      return fail('progress/field', 'This progress export\'s "recaps" is not an object.');
    for (const [key, answer] of Object.entries(answers)) {
      if (!ID.test(key))
        return fail(
          'progress/field',
          `"${key.slice(0, 60)}" is not a recap question (lab/question).`,
        );
      const parsed = recapAnswerFrom(answer, key);
      if (!parsed.ok) return parsed;
      Object.defineProperty(recaps, key, { value: parsed.value, enumerable: true });
    }
  }
  return ok({ challenges, recaps });
}

/** Per lab, for the progress view: its recap's questions, how many are answered, how many right. */
export function summarizeRecaps(
  progress: Progress,
  questions: Readonly<Record<string, readonly { id: string }[]>>,
  labIds: readonly string[],
) {
  return labIds.map((labId) => {
    const asked = questions[labId] ?? [];
    const answers = asked
      .map((q) => recapAnswerOf(progress, labId, q.id))
      .filter((a): a is RecapAnswer => a !== null);
    return {
      labId,
      questions: asked.length,
      answered: answers.length,
      right: answers.filter((a) => a.right).length,
    };
  });
}

/** Totals for the progress view. */
export function summarize(progress: Progress, ids: readonly string[]) {
  const entries = ids.map((id) => progressOf(progress, id));
  return {
    total: ids.length,
    solved: entries.filter((e) => e.solved).length,
    shown: entries.filter((e) => !e.solved && e.shown).length,
    attempted: entries.filter((e) => statusOf(e) === 'attempted').length,
    attempts: entries.reduce((sum, e) => sum + e.attempts, 0),
    hintsUsed: entries.reduce((sum, e) => sum + e.hintsUsed, 0),
    timeMs: entries.reduce((sum, e) => sum + e.timeMs, 0),
  };
}

/** "45 s", "12 min", "1 h 05 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
