/**
 * The battery's requests to the Python harness (python-harness.ts) and its answers, as JSON text.
 * JSON has no bytes and no integers past 2^53, so bytes travel as `{"$bytes": "<hex>"}` and large
 * ints as `{"$int": "<decimal>"}`; timing samples come back as a list and become the Float64Array
 * the protocol's parser expects. The decoded answer is still unchecked: the battery passes it to
 * learner-protocol.ts's parsers like any other transport's.
 */
import { bytesToHex, parseHex } from '../../../core/bytes';
import { fail, ok, type Result } from '../../../core/result';
import type { LearnerOp } from './learner-protocol';
import { PYTHON_MAX_EVENTS } from './python-harness';

/** The longest answer text taken from the harness (a batch of 1,000 tags of 4,096 characters fits). */
export const MAX_PYTHON_ANSWER = 16 * 1024 * 1024;

/** A request payload as JSON text for the Python harness. */
export function encodePythonRequest(payload: unknown): string {
  return JSON.stringify(payload, (_key, value: unknown) =>
    value instanceof Uint8Array ? { $bytes: bytesToHex(value) } : value,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{"$bytes"}` and `{"$int"}` back into a Uint8Array and a bigint; anything malformed stays as is (and fails the parsers). */
function revive(_key: string, value: unknown): unknown {
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  const bytes = value.$bytes;
  if (typeof bytes === 'string') {
    const decoded = parseHex(bytes);
    return decoded.ok ? decoded.value : value;
  }
  const int = value.$int;
  if (typeof int === 'string' && /^-?\d{1,1100}$/.test(int)) return BigInt(int);
  return value;
}

/** The harness's answer to `op`, decoded (not yet checked: see learner-protocol.ts). */
export function decodePythonAnswer(op: LearnerOp | 'events', text: unknown): Result<unknown> {
  if (typeof text !== 'string' || text.length > MAX_PYTHON_ANSWER)
    return fail(
      'learner/malformed',
      'The Python harness sent back something other than JSON text.',
    );
  let value: unknown;
  try {
    value = JSON.parse(text, revive);
  } catch {
    return fail('learner/malformed', 'The Python harness sent back text that is not JSON.');
  }
  if (op === 'timing-sample' && Array.isArray(value) && value.every((v) => typeof v === 'number'))
    return ok(Float64Array.from(value as number[]));
  return ok(value);
}

/** An audit event the module raised; the hook refused every one (the operation did not happen). */
export interface PythonAuditEvent {
  event: string;
  /** Its arguments made JSON-safe by the harness (texts cut, bytes as text, nested lists). */
  args: unknown[];
  refused: boolean;
}

export interface PythonAudit {
  events: PythonAuditEvent[];
  /** Events past PYTHON_MAX_EVENTS, counted but not kept. */
  eventsDropped: number;
}

function isJsonSafeArg(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return true;
  if (typeof value === 'string') return value.length <= 400;
  if (Array.isArray(value))
    return depth < 5 && value.length <= 21 && value.every((v) => isJsonSafeArg(v, depth + 1));
  return false;
}

/** The harness's answer to `events`, checked field by field. */
export function parsePythonAudit(value: unknown): Result<PythonAudit> {
  const bad = fail<PythonAudit>(
    'learner/malformed',
    'The Python harness sent a malformed list of audit events.',
  );
  if (!isRecord(value)) return bad;
  const { events, eventsDropped } = value;
  if (!Array.isArray(events) || events.length > PYTHON_MAX_EVENTS) return bad;
  if (
    typeof eventsDropped !== 'number' ||
    !Number.isSafeInteger(eventsDropped) ||
    eventsDropped < 0
  )
    return bad;
  const out: PythonAuditEvent[] = [];
  for (const e of events) {
    if (
      !isRecord(e) ||
      typeof e.event !== 'string' ||
      e.event.length > 100 ||
      !Array.isArray(e.args) ||
      !isJsonSafeArg(e.args) ||
      typeof e.refused !== 'boolean'
    )
      return bad;
    out.push({ event: e.event, args: e.args, refused: e.refused });
  }
  return ok({ events: out, eventsDropped });
}
