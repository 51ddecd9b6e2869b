/** The current hash route, kept in sync with the address bar. */
import { useCallback, useSyncExternalStore } from 'react';
import { MAX_PARAM_LENGTH, formatRoute, parseRoute, type Route } from '../core/route';

const ROUTE_EVENT = 'security-playground:route';

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  window.addEventListener(ROUTE_EVENT, onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener(ROUTE_EVENT, onChange);
  };
}

const getHash = () => window.location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash, getHash);
  return parseRoute(hash);
}

/** Pushes a new history entry (a navigation) or replaces the current one (an edit of an input). */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const hash = formatRoute(route);
  if (hash === window.location.hash) return;
  if (options.replace) {
    window.history.replaceState(window.history.state, '', hash);
    window.dispatchEvent(new Event(ROUTE_EVENT));
  } else {
    window.location.hash = hash;
  }
}

/** Merges `changes` into the current lab's parameters; `undefined` or the default removes a key. */
export function useUpdateParams() {
  return useCallback((changes: Record<string, string | undefined>) => {
    const route = parseRoute(window.location.hash);
    if (route.kind !== 'lab') return;
    const params = { ...route.params };
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value.length > MAX_PARAM_LENGTH) delete params[key];
      else params[key] = value;
    }
    navigate({ ...route, params }, { replace: true });
  }, []);
}
