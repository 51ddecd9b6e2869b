/**
 * Hash-based routes, so a copied address reopens the same lab with the same inputs on any static
 * host under any sub-path: `#/` is the landing page, `#/<lab>?k=v` a lab with its inputs,
 * `#/embed/<lab>?k=v` the same lab alone (for an iframe) and `#/present/<lab>?k=v` the lab in
 * presenter mode (large type, keyboard control). `#/talk?at=…` is the whole talk as one deck
 * across labs, `#/talk/notes` its speaker notes (a second window). `#/challenges` lists the
 * challenges and the learner's progress, `#/challenges/<lab>/<slug>` is one challenge and
 * `#/embed/challenge/<lab>/<slug>` one alone (for an iframe).
 */

export type LabMode = 'normal' | 'embed' | 'present';

export type Route =
  | { kind: 'home' }
  | { kind: 'lab'; labId: string; params: Record<string, string>; mode: LabMode }
  | { kind: 'talk'; params: Record<string, string> }
  | { kind: 'talk-notes' }
  | { kind: 'challenges' }
  | {
      kind: 'challenge';
      challengeId: string;
      params: Record<string, string>;
      mode: 'normal' | 'embed';
    };

/** The deck's path segment: no lab may take this id. */
export const TALK_PATH = 'talk';

const ID = /^[a-z0-9-]+$/;

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const q = text.indexOf('?');
  const path = (q === -1 ? text : text.slice(0, q)).replace(/^\/+|\/+$/g, '');
  const query = q === -1 ? '' : text.slice(q + 1);
  const segments = path === '' ? [] : path.split('/');
  // fromEntries defines own properties, so a key such as `__proto__` stays a plain key.
  const params: Record<string, string> = Object.fromEntries(new URLSearchParams(query));
  if (segments[0] === TALK_PATH) {
    if (segments.length === 1) return { kind: 'talk', params };
    if (segments.length === 2 && segments[1] === 'notes') return { kind: 'talk-notes' };
    return { kind: 'home' };
  }
  const challenge =
    segments[0] === 'challenges'
      ? { rest: segments.slice(1), mode: 'normal' as const }
      : segments[0] === 'embed' && segments[1] === 'challenge'
        ? { rest: segments.slice(2), mode: 'embed' as const }
        : null;
  if (challenge) {
    const { rest, mode } = challenge;
    if (rest.length === 0 && mode === 'normal') return { kind: 'challenges' };
    if (rest.length !== 2 || !rest.every((part) => ID.test(part))) return { kind: 'home' };
    return { kind: 'challenge', challengeId: rest.join('/'), params, mode };
  }
  const mode: LabMode =
    segments[0] === 'embed' ? 'embed' : segments[0] === 'present' ? 'present' : 'normal';
  const labId = mode === 'normal' ? segments[0] : segments[1];
  if (labId === undefined || !ID.test(labId)) return { kind: 'home' };
  return { kind: 'lab', labId, params, mode };
}

export function formatRoute(route: Route): string {
  if (route.kind === 'home') return '#/';
  if (route.kind === 'talk-notes') return `#/${TALK_PATH}/notes`;
  if (route.kind === 'challenges') return '#/challenges';
  const query = new URLSearchParams(
    // Code-unit order: localeCompare would load the ICU collator on the first step of a talk,
    // a frozen half second on a slow machine, to sort ASCII keys.
    Object.entries(route.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ).toString();
  const path =
    route.kind === 'talk'
      ? TALK_PATH
      : route.kind === 'challenge'
        ? `${route.mode === 'embed' ? 'embed/challenge' : 'challenges'}/${route.challengeId}`
        : `${route.mode === 'normal' ? '' : `${route.mode}/`}${route.labId}`;
  return `#/${path}${query ? `?${query}` : ''}`;
}

/** Values longer than this are left out of the address (a file's contents, a huge paste). */
export const MAX_PARAM_LENGTH = 16_000;
