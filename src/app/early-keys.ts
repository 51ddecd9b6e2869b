/**
 * Keys pressed before the app is on screen.
 *
 * The entry imports React and the app dynamically (main.tsx), so the first render comes a few
 * tasks after the page's `load` event. A presenter who opens a lab and presses → at once would
 * lose that key: nothing listens for it yet. The entry holds such keys from its first line, and
 * the first presenter-key handler to start takes them and handles them in order, as if they had
 * come a moment later. A page that mounts no presenter handler drops them on its first render.
 */

type KeyTarget = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

let held: KeyboardEvent[] = [];
let source: KeyTarget | null = null;

function hold(event: Event): void {
  held.push(event as KeyboardEvent);
}

/** Called once by the entry, before anything is imported dynamically. */
export function holdEarlyKeys(target: KeyTarget = window): void {
  if (source) return;
  source = target;
  target.addEventListener('keydown', hold);
}

/** The keys held so far, oldest first; holding stops, and later calls return nothing. */
export function takeEarlyKeys(): KeyboardEvent[] {
  if (source) source.removeEventListener('keydown', hold);
  source = null;
  const keys = held;
  held = [];
  return keys;
}
