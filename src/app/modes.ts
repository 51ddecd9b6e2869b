/** Presenter keys and embedded-height reporting. */
import { useEffect, type RefObject } from 'react';
import { takeEarlyKeys } from './early-keys';

export const EMBED_HEIGHT_MESSAGE = 'security-playground:height';

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) ||
    Boolean(target.closest('.monaco-editor'))
  );
}

export function toggleFullScreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}

/** Buttons and links keep Space for themselves (it presses them). */
function pressable(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    Boolean(target.closest('button, a[href], summary, [role="button"], [role="link"]'))
  );
}

export interface PresenterActions {
  next: () => void;
  back: () => void;
  reset: () => void;
  /** The talk deck: open the speaker notes (N). */
  notes?: () => void;
  /** The talk deck: start or pause the clock (T). */
  clock?: () => void;
}

/**
 * Presenter mode and the talk deck: → / PageDown / Space next, ← / PageUp / Shift+Space back,
 * R reset the lab, F full screen (and in the deck N notes, T clock). Keys typed into a field
 * stay there; Escape leaves the field, so the next → moves on.
 */
export function usePresenterKeys(active: boolean, actions: PresenterActions): void {
  const { next, back, reset, notes, clock } = actions;
  useEffect(() => {
    // Keys pressed before the app was on screen (early-keys.ts): handled now, or dropped.
    const early = takeEarlyKeys();
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (typingInto(event.target)) {
        // Not in the code editor, where Escape closes its own pop-ups.
        if (
          event.key === 'Escape' &&
          event.target instanceof HTMLElement &&
          !event.target.closest('.monaco-editor')
        )
          event.target.blur();
        return;
      }
      if (event.key === ' ' && pressable(event.target)) return;
      const handled: Record<string, (() => void) | undefined> = {
        ArrowRight: next,
        PageDown: next,
        ' ': event.shiftKey ? back : next,
        ArrowLeft: back,
        PageUp: back,
        r: reset,
        R: reset,
        f: toggleFullScreen,
        F: toggleFullScreen,
        n: notes,
        N: notes,
        t: clock,
        T: clock,
      };
      const run = handled[event.key];
      if (run) {
        event.preventDefault();
        run();
      }
    };
    window.addEventListener('keydown', onKey);
    for (const event of early) onKey(event);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, next, back, reset, notes, clock]);
}

/** An embedded lab tells its parent page how tall it is, so the iframe can fit it. */
export function useEmbedHeight(
  active: boolean,
  ref: RefObject<HTMLElement | null>,
  labId: string,
): void {
  useEffect(() => {
    const element = ref.current;
    if (!active || !element || window.parent === window) return;
    let last = -1;
    const report = () => {
      const height = Math.ceil(document.documentElement.scrollHeight);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: EMBED_HEIGHT_MESSAGE, lab: labId, height }, '*');
    };
    const observer = new ResizeObserver(report);
    observer.observe(element);
    report();
    return () => observer.disconnect();
  }, [active, ref, labId]);
}

/** The snippet a teacher pastes into course material: the iframe plus a tiny height listener. */
export function embedSnippet(src: string, title: string): string {
  return [
    `<iframe src="${src}" title="${title.replace(/"/g, '&quot;')}" style="width:100%;border:0" height="900" loading="lazy"></iframe>`,
    '<script>',
    `addEventListener('message', function (e) {`,
    `  if (!e.data || e.data.type !== '${EMBED_HEIGHT_MESSAGE}') return;`,
    `  document.querySelectorAll('iframe').forEach(function (f) {`,
    `    if (f.contentWindow === e.source) f.style.height = e.data.height + 'px';`,
    '  });',
    '});',
    '</script>',
  ].join('\n');
}
