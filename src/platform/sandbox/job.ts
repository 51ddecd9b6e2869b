/**
 * One request in a fresh sandbox, with a time limit: the sandbox is opened for the job and
 * removed after it, whatever happened (answered, timed out, crashed, cancelled), so nothing the
 * code did outlives the job.
 */
import { SandboxChannel, SandboxClosed, SandboxError } from './channel';
import { NOTICE_KINDS, type NoticeKind, type SandboxNotice } from './protocol';
import { Sandbox, type SandboxLoss } from './sandbox';

export type SandboxJobOutcome =
  | {
      kind: 'done';
      /** The answer as it came out of the sandbox: check it before use. */
      value: unknown;
      notices: SandboxNotice[];
      counts: Record<NoticeKind, number>;
    }
  /** The sandbox answered with an error (its handler threw). */
  | { kind: 'error'; message: string }
  | { kind: 'timeout'; limitMs: number }
  /** The sandbox died (its process crashed, out of memory most often) or did not start. */
  | { kind: 'lost'; loss: Exclude<SandboxLoss, { reason: 'disposed' }> }
  | { kind: 'cancelled' };

/** How long to wait for the sandbox's own notice counts once the answer is in. */
const COUNTS_WAIT_MS = 250;

/**
 * The notice counts: the sandbox's own (which include notices past the cap it no longer sent),
 * or, if code still running in it keeps it from answering soon, the ones that arrived here.
 */
async function countsWithin(
  channel: SandboxChannel,
  waitMs: number,
): Promise<Record<NoticeKind, number>> {
  const here = channel.notices.counts();
  let timer = 0;
  const inside = await Promise.race([
    channel.counts().catch(() => null),
    new Promise<null>((resolve) => (timer = window.setTimeout(() => resolve(null), waitMs))),
  ]);
  window.clearTimeout(timer);
  const out = { ...here };
  for (const kind of NOTICE_KINDS) out[kind] = Math.max(here[kind], inside?.[kind] ?? 0);
  return out;
}

export interface SandboxJob {
  outcome: Promise<SandboxJobOutcome>;
  cancel: () => void;
}

export function startSandboxJob(
  script: string,
  op: string,
  payload: unknown,
  limitMs: number,
): SandboxJob {
  let cancel: () => void = () => {};
  const cancelled = new Promise<SandboxJobOutcome>(
    (resolve) => (cancel = () => resolve({ kind: 'cancelled' })),
  );
  const outcome = (async (): Promise<SandboxJobOutcome> => {
    let sandbox: Sandbox | null = null;
    let timer = 0;
    try {
      const opened = Sandbox.open(script).then(
        (value) => value,
        (error: unknown) => error as Error,
      );
      const first = await Promise.race([opened, cancelled]);
      if (!(first instanceof Sandbox)) {
        void opened.then((late) => late instanceof Sandbox && late.dispose());
        if (first instanceof Error)
          return { kind: 'lost', loss: { reason: 'failed', message: first.message } };
        return first;
      }
      sandbox = first;
      const channel = sandbox.channel();
      const timedOut = new Promise<SandboxJobOutcome>((resolve) => {
        timer = window.setTimeout(() => resolve({ kind: 'timeout', limitMs }), limitMs);
      });
      const lost = sandbox.lost.then((loss): SandboxJobOutcome =>
        loss.reason === 'disposed' ? { kind: 'cancelled' } : { kind: 'lost', loss },
      );
      const answered = channel.request(op, payload).then(
        async (value): Promise<SandboxJobOutcome> => ({
          kind: 'done',
          value,
          notices: [...channel.notices.kept],
          counts: await countsWithin(channel, COUNTS_WAIT_MS),
        }),
        (error: unknown): SandboxJobOutcome | Promise<SandboxJobOutcome> =>
          error instanceof SandboxError
            ? { kind: 'error', message: error.message }
            : error instanceof SandboxClosed
              ? lost
              : { kind: 'error', message: String(error) },
      );
      return await Promise.race([answered, timedOut, lost, cancelled]);
    } finally {
      window.clearTimeout(timer);
      sandbox?.dispose();
    }
  })();
  return { outcome, cancel };
}
