/** The current hash route, kept in sync with the address bar. */
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { MAX_PARAM_LENGTH, formatRoute, parseRoute, type Route } from '../core/route';

const ROUTE_EVENT = 'security-playground:route';

/**
 * Values too long for the address (a huge paste) are kept here instead, per lab, so the input
 * still shows what was typed and can say what is wrong with it. Any navigation other than an
 * edit of an input (a step, a reset, another lab) forgets them.
 */
const offAddress = new Map<string, Record<string, string>>();
let offAddressVersion = 0;

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  window.addEventListener(ROUTE_EVENT, onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener(ROUTE_EVENT, onChange);
  };
}

const getSnapshot = () => `${offAddressVersion} ${window.location.hash}`;

export function useRoute(): Route {
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  return useMemo(() => {
    const route = parseRoute(snapshot.slice(snapshot.indexOf(' ') + 1));
    const kept = route.kind === 'lab' ? offAddress.get(route.labId) : undefined;
    return kept && route.kind === 'lab'
      ? { ...route, params: { ...kept, ...route.params } }
      : route;
  }, [snapshot]);
}

function setOffAddress(labId: string, values: Record<string, string> | undefined) {
  if (values && Object.keys(values).length > 0) offAddress.set(labId, values);
  else if (!offAddress.delete(labId)) return;
  offAddressVersion++;
}

/** Pushes a new history entry (a navigation) or replaces the current one (an edit of an input). */
export function navigate(
  route: Route,
  options: { replace?: boolean; keepOffAddress?: boolean } = {},
): void {
  if (!options.keepOffAddress && offAddress.size > 0) {
    offAddress.clear();
    offAddressVersion++;
    window.dispatchEvent(new Event(ROUTE_EVENT));
  }
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
    const kept = { ...offAddress.get(route.labId) };
    for (const [key, value] of Object.entries(changes)) {
      delete kept[key];
      if (value === undefined) delete params[key];
      else if (value.length > MAX_PARAM_LENGTH) {
        delete params[key];
        kept[key] = value;
      } else params[key] = value;
    }
    setOffAddress(route.labId, kept);
    window.dispatchEvent(new Event(ROUTE_EVENT));
    navigate({ ...route, params }, { replace: true, keepOffAddress: true });
  }, []);
}
