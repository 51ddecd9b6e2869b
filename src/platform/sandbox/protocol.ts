/**
 * The messages on a sandbox's channel (a MessagePort between the app and the worker inside the
 * sandbox), and the checks the app side applies to everything that comes out. Nothing here trusts
 * the other side: every message is checked for shape, every text is cut to a fixed length, and
 * notices (console lines, uncaught errors, refused calls) are capped per kind and counted past the
 * cap, so a flood costs the app a counter increment per message, never a re-render or a freeze.
 *
 * App → sandbox: `{ id, op, payload }`. Sandbox → app: `{ id, kind: 'answer', value }`,
 * `{ id, kind: 'error', message }` or `{ kind: 'notice', notice }`.
 */

/** Longest text kept from a notice or an error (characters). */
export const MAX_NOTICE_TEXT = 500;
/** Notices kept per kind in one sandbox's life; the rest are only counted. */
export const MAX_NOTICES_PER_KIND = 100;

export const NOTICE_KINDS = ['console', 'error', 'blocked'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/**
 * Something the code in the sandbox did besides answering: printed to the console, left an error
 * uncaught, or tried something the sandbox refused (a request, storage).
 */
export interface SandboxNotice {
  kind: NoticeKind;
  /** console: log, info, warn, error, debug or trace; blocked: the refused API (fetch, WebSocket…). */
  label: string;
  text: string;
}

export interface SandboxRequest {
  id: number;
  op: string;
  payload: unknown;
}

export type SandboxMessage =
  | { kind: 'answer'; id: number; value: unknown }
  | { kind: 'error'; id: number; message: string }
  | { kind: 'notice'; notice: SandboxNotice };

/** Cuts a text to `max` characters, saying how much was cut. */
export function truncateText(text: string, max = MAX_NOTICE_TEXT): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LABEL = /^[A-Za-z][\w.]{0,39}$/;

/** A message from the sandbox as the app may use it, or null (then it is dropped and counted). */
export function parseSandboxMessage(data: unknown): SandboxMessage | null {
  if (!isRecord(data)) return null;
  const { kind } = data;
  if (kind === 'notice') {
    const notice = data.notice;
    if (!isRecord(notice)) return null;
    const { kind: noticeKind, label, text } = notice;
    if (!(NOTICE_KINDS as readonly unknown[]).includes(noticeKind)) return null;
    if (typeof label !== 'string' || !LABEL.test(label) || typeof text !== 'string') return null;
    return {
      kind: 'notice',
      notice: { kind: noticeKind as NoticeKind, label, text: truncateText(text) },
    };
  }
  const { id } = data;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return null;
  if (kind === 'answer' && 'value' in data) return { kind, id, value: data.value };
  if (kind === 'error' && typeof data.message === 'string')
    return { kind, id, message: truncateText(data.message) };
  return null;
}

/**
 * Notices kept and counted: at most MAX_NOTICES_PER_KIND of each kind are kept, the rest only
 * counted, so the app can say "and 12,345 more".
 */
export class NoticeLog {
  readonly kept: SandboxNotice[] = [];
  private readonly seen: Record<NoticeKind, number> = { console: 0, error: 0, blocked: 0 };

  /** Counts the notice; returns it if it is kept (under the cap), else null. */
  add(notice: SandboxNotice): SandboxNotice | null {
    const count = ++this.seen[notice.kind];
    if (count > MAX_NOTICES_PER_KIND) return null;
    this.kept.push(notice);
    return notice;
  }

  /** How many of each kind arrived, kept or not. */
  counts(): Record<NoticeKind, number> {
    return { ...this.seen };
  }

  /** How many of each kind were counted but not kept. */
  dropped(): Record<NoticeKind, number> {
    const out = { console: 0, error: 0, blocked: 0 };
    for (const kind of NOTICE_KINDS)
      out[kind] = Math.max(0, this.seen[kind] - MAX_NOTICES_PER_KIND);
    return out;
  }
}
