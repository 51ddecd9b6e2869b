/**
 * The talk's elapsed-time clock, as data both windows can hold: the time counted before the
 * last start, and when that start was (null: paused). Both windows read the same wall clock, so
 * the notes window ticks on its own between messages.
 */

export interface TalkClock {
  /** Milliseconds counted while running, up to `runningSince`. */
  elapsedMs: number;
  /** `Date.now()` at the last start, or null when paused. */
  runningSince: number | null;
}

export const CLOCK_AT_ZERO: TalkClock = { elapsedMs: 0, runningSince: null };

/** Longer than any talk: a clock beyond this is not one the deck made. */
const MAX_MS = 7 * 24 * 3600 * 1000;

export function elapsedMs(clock: TalkClock, now: number): number {
  return (
    clock.elapsedMs + (clock.runningSince === null ? 0 : Math.max(0, now - clock.runningSince))
  );
}

export function toggleClock(clock: TalkClock, now: number): TalkClock {
  return clock.runningSince === null
    ? { elapsedMs: clock.elapsedMs, runningSince: now }
    : { elapsedMs: elapsedMs(clock, now), runningSince: null };
}

/** `m:ss`, or `h:mm:ss` from an hour on. */
export function formatElapsed(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** A clock from a message or from storage, or null when it is not exactly one. */
export function parseClock(value: unknown): TalkClock | null {
  if (!isPlainObject(value) || !hasExactly(value, ['elapsedMs', 'runningSince'])) return null;
  const { elapsedMs: counted, runningSince } = value;
  if (typeof counted !== 'number' || !Number.isFinite(counted) || counted < 0 || counted > MAX_MS)
    return null;
  if (
    runningSince !== null &&
    (typeof runningSince !== 'number' || !Number.isFinite(runningSince) || runningSince < 0)
  )
    return null;
  return { elapsedMs: counted, runningSince };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The object's own keys are exactly these (no more, no fewer). */
export function hasExactly(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}
