/** What the shell gives the open lab: its id, its address parameters, and whether it is embedded. */
import { createContext, useCallback, useContext, useEffect, useRef } from 'react';

export interface LabContextValue {
  labId: string;
  params: Readonly<Record<string, string>>;
  setParams: (changes: Record<string, string | undefined>) => void;
  embed: boolean;
  /** Presenter mode: large type, keyboard-driven, for a projector. */
  presenting: boolean;
  /** A panel offers its latest results for "Export results (JSON)" here (null: nothing yet). */
  publishResults: (results: unknown) => void;
  /** The last action a guided step asked for; `nonce` changes each time, so the same action can repeat. */
  action: { name: string; nonce: number } | null;
}

export const LabContext = createContext<LabContextValue>({
  labId: '',
  params: {},
  setParams: () => {},
  embed: false,
  presenting: false,
  publishResults: () => {},
  action: null,
});

/** Offers `results` (plain data) to the lab toolbar's "Export results (JSON)" button. */
export function useLabResults(results: unknown): void {
  const { publishResults } = useContext(LabContext);
  useEffect(() => {
    publishResults(results ?? null);
  }, [results, publishResults]);
  useEffect(() => () => publishResults(null), [publishResults]);
}

/**
 * Lets a guided step press a panel's button: when a step names `name`, `run` is called once (after
 * the step's inputs are in place).
 */
export function useLabAction(name: string, run: () => void): void {
  const { action } = useContext(LabContext);
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  const nonce = action?.name === name ? action.nonce : null;
  useEffect(() => {
    if (nonce !== null) latest.current();
  }, [nonce]);
}

/**
 * One input kept in the address, so a copied link reopens the lab as it is now. Values equal to
 * the default are left out of the address to keep links short.
 */
export function useLabParam(key: string, defaultValue: string): [string, (value: string) => void] {
  const { params, setParams } = useContext(LabContext);
  const value = params[key] ?? defaultValue;
  const set = useCallback(
    (next: string) => setParams({ [key]: next === defaultValue ? undefined : next }),
    [key, defaultValue, setParams],
  );
  return [value, set];
}

/** Like useLabParam, for a value that must be one of a fixed set (a bad link falls back to the default). */
export function useLabChoice<T extends string>(
  key: string,
  choices: readonly T[],
  defaultValue: T,
): [T, (value: T) => void] {
  const [raw, set] = useLabParam(key, defaultValue);
  const value = (choices as readonly string[]).includes(raw) ? (raw as T) : defaultValue;
  return [value, set as (value: T) => void];
}
