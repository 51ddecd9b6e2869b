/**
 * The eval and merge demos' answers as they come out of the sandbox, checked before the page shows
 * them. The evaluated text ran in the realm that built the answer, so it could have changed it
 * into anything: a wrong shape is refused, an over-long text cut, an over-long list shortened.
 */
import { fail, ok, type Result } from '../../../../core/result';
import {
  MERGE_STRATEGIES,
  type EvalDemo,
  type MergeDemo,
  type MergeOutcome,
  type ParseOutcome,
} from './contrast';

/** Longest text shown for one value (characters). */
export const MAX_ANSWER_TEXT = 2000;
/** Most new globals or polluted properties listed. */
export const MAX_ANSWER_ITEMS = 50;

type Check<T> = (value: unknown) => T | null;

const record = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return value.length > MAX_ANSWER_TEXT
    ? `${value.slice(0, MAX_ANSWER_TEXT)}… (${value.length - MAX_ANSWER_TEXT} more characters)`
    : value;
}

function list<T>(value: unknown, item: Check<T>): T[] | null {
  if (!Array.isArray(value)) return null;
  const out: T[] = [];
  for (const entry of value.slice(0, MAX_ANSWER_ITEMS)) {
    const checked = item(entry);
    if (checked === null) return null;
    out.push(checked);
  }
  return out;
}

const parseOutcome: Check<ParseOutcome> = (value) => {
  const r = record(value);
  if (!r) return null;
  if (r.ok === true) {
    const v = text(r.value);
    return v === null ? null : { ok: true, value: v };
  }
  if (r.ok === false) {
    const m = text(r.message);
    return m === null ? null : { ok: false, message: m };
  }
  return null;
};

const namedValue: Check<{ name: string; value: string }> = (value) => {
  const r = record(value);
  const name = text(r?.name);
  const v = text(r?.value);
  return name === null || v === null ? null : { name, value: v };
};

const MALFORMED = 'The sandbox sent back an answer of the wrong shape; nothing of it is shown.';

export function parseEvalAnswer(value: unknown): Result<EvalDemo> {
  const r = record(value);
  const jsonParse = parseOutcome(r?.jsonParse);
  const evaluated = parseOutcome(r?.eval);
  const newGlobals = list(r?.newGlobals, namedValue);
  if (!jsonParse || !evaluated || !newGlobals) return fail('sandbox/malformed', MALFORMED);
  return ok({ jsonParse, eval: evaluated, newGlobals });
}

const polluted: Check<MergeOutcome['polluted'][number]> = (value) => {
  const r = record(value);
  const target = text(r?.target);
  const name = text(r?.name);
  const v = text(r?.value);
  return target === null || name === null || v === null ? null : { target, name, value: v };
};

const STRATEGY_IDS = MERGE_STRATEGIES.map((s) => s.id);

/** The merge demo's answer: the demo, or the refusal to merge (bad JSON, not an object). */
export function parseMergeAnswer(
  value: unknown,
): Result<{ ok: true; value: MergeDemo } | { ok: false; message: string }> {
  const r = record(value);
  if (r?.ok === false) {
    const message = text(r.message);
    return message === null ? fail('sandbox/malformed', MALFORMED) : ok({ ok: false, message });
  }
  const demo = record(r?.ok === true ? r.value : null);
  const parsedOwnKeys = list(demo?.parsedOwnKeys, text);
  const outcomes = list(demo?.outcomes, (entry) => {
    const o = record(entry);
    const id = STRATEGY_IDS.find((known) => known === o?.id);
    const pollutedList = list(o?.polluted, polluted);
    const freshObject = text(o?.freshObject);
    const result = text(o?.result);
    if (!id || !pollutedList || freshObject === null || result === null) return null;
    return { id, polluted: pollutedList, freshObject, result };
  });
  if (
    !parsedOwnKeys ||
    !outcomes ||
    outcomes.length !== STRATEGY_IDS.length ||
    new Set(outcomes.map((o) => o.id)).size !== STRATEGY_IDS.length
  )
    return fail('sandbox/malformed', MALFORMED);
  return ok({ ok: true, value: { parsedOwnKeys, outcomes } });
}
