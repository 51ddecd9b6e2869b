/** The current hash route, kept in sync with the address bar. */
import { useCallback, useEffect, useMemo, useState } from 'react';
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

/**
 * Not useSyncExternalStore: React renders its updates synchronously even inside startTransition,
 * so a guided step (which changes the address) would re-render the whole lab in one task. A
 * change made inside startTransition (useLabSession's steps) renders as a transition, in slices;
 * any other (typing in an input, Back, a link) renders at once, as before.
 */
export function useRoute(): Route {
  const [snapshot, setSnapshot] = useState(getSnapshot);
  useEffect(() => {
    const update = () => setSnapshot(getSnapshot());
    const unsubscribe = subscribe(update);
    // A change between the first render and this subscription.
    update();
    return unsubscribe;
  }, []);
  return useMemo(() => routeOf(snapshot.slice(snapshot.indexOf(' ') + 1)), [snapshot]);
}

/**
 * The route as it is now, in the address (with the values kept off it). What useRoute returned
 * may be older: a guided step changes the address inside a transition that React has not yet
 * rendered, so a key pressed meanwhile must read the step from here.
 */
export function currentRoute(): Route {
  return routeOf(window.location.hash);
}

function routeOf(hash: string): Route {
  const route = parseRoute(hash);
  const kept = route.kind === 'lab' ? offAddress.get(route.labId) : undefined;
  return kept && route.kind === 'lab' ? { ...route, params: { ...kept, ...route.params } } : route;
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
