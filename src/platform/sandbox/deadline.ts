/**
 * Waiting on a sandbox's answer without waiting forever: the answer, unless the sandbox is lost,
 * the time runs out or the job is cancelled first. The caller disposes of the sandbox when the
 * time runs out (its code may still be running).
 */
import type { Sandbox } from './sandbox';

/** The job was cancelled (or its sandbox disposed): nothing to report. */
export class Cancelled extends Error {}

/** `promise`, unless the sandbox is lost, the time runs out or the job is cancelled first. */
export function within<T>(
  promise: Promise<T>,
  sandbox: Sandbox,
  limitMs: number,
  what: string,
  signal: AbortSignal,
): Promise<T> {
  let timer = 0;
  return Promise.race([
    promise,
    sandbox.lost.then((loss) => {
      throw loss.reason === 'disposed'
        ? new Cancelled()
        : new Error(
            loss.reason === 'unresponsive'
              ? 'The Python sandbox stopped answering (its process crashed, most likely out of memory) and was removed. The page is fine.'
              : `The Python sandbox failed: ${loss.message}`,
          );
    }),
    new Promise<never>((_resolve, reject) => {
      timer = window.setTimeout(
        () => reject(new Error(`${what} took longer than ${limitMs / 1000} s; stopped.`)),
        limitMs,
      );
      signal.addEventListener('abort', () => reject(new Cancelled()), { once: true });
    }),
  ]).finally(() => window.clearTimeout(timer));
}
