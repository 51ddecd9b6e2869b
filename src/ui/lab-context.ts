/**
 * What the shell gives the open lab: its id, its address parameters, whether it is embedded or
 * presented, and the actions guided steps ask for. Panels read their parameters and register
 * their actions through the hooks below, typed against the lab's contract (lab-contract.ts).
 */
import { createContext, useCallback, useContext, useEffect, useRef } from 'react';
import type { ActionOf, ChoiceKey, LabContract, ParamKey, ParamValue } from './lab-contract';

export interface LabAction {
  name: string;
  /** Changes each time, so the same action can repeat. */
  nonce: number;
}

export interface LabContextValue {
  labId: string;
  params: Readonly<Record<string, string>>;
  setParams: (changes: Record<string, string | undefined>) => void;
  embed: boolean;
  /** Presenter mode: large type, keyboard-driven, for a projector. */
  presenting: boolean;
  /** A panel offers its latest results for "Export results (JSON)" here (null: nothing yet). */
  publishResults: (results: unknown) => void;
  /** The last action asked for (by a guided step or by the panel itself). */
  action: LabAction | null;
  /** Asks the panel to perform one of its actions, as a guided step does. */
  runAction: (name: string) => void;
  /** A panel calls this once it has performed the action with this nonce. */
  actionRan: (nonce: number) => void;
  /**
   * Marks the lab busy (a worker job or a sandbox run in flight) until the returned function is
   * called: a guided step has finished once its action ran and nothing is busy (see useLabBusy).
   */
  holdBusy: () => () => void;
}

export const LabContext = createContext<LabContextValue>({
  labId: '',
  params: {},
  setParams: () => {},
  embed: false,
  presenting: false,
  publishResults: () => {},
  action: null,
  runAction: () => {},
  actionRan: () => {},
  holdBusy: () => () => {},
});

/**
 * Tells the shell the lab is working (a job running) while `busy` is true, so a guided step is
 * known to have finished, and its proof is brought into view, only when the work is done.
 */
export function useLabBusy(busy: boolean): void {
  const { holdBusy } = useContext(LabContext);
  useEffect(() => (busy ? holdBusy() : undefined), [busy, holdBusy]);
}

/** Offers `results` (plain data) to the lab toolbar's "Export results (JSON)" button. */
export function useLabResults(results: unknown): void {
  const { publishResults } = useContext(LabContext);
  useEffect(() => {
    publishResults(results ?? null);
  }, [results, publishResults]);
  useEffect(() => () => publishResults(null), [publishResults]);
}

/**
 * Lets a guided step press a panel's button: when a step names the action, `run` is called once
 * (after the step's inputs are in place, and after the effects of the component that registers
 * it that are declared before this hook). Several components may register the same action.
 */
export function useLabAction<L extends LabContract>(
  _lab: L,
  name: ActionOf<L>,
  run: () => void,
): void {
  const { action, actionRan } = useContext(LabContext);
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  const nonce = action?.name === name ? action.nonce : null;
  useEffect(() => {
    if (nonce === null) return;
    latest.current();
    actionRan(nonce);
  }, [nonce, actionRan]);
}

/** A button of the panel's own that performs one of its actions (as a guided step would). */
export function useRunLabAction<L extends LabContract>(_lab: L): (name: ActionOf<L>) => void {
  return useContext(LabContext).runAction;
}

/**
 * One input kept in the address, so a copied link reopens the lab as it is now. Values equal to
 * the default are left out of the address to keep links short. `defaultValue` overrides the
 * contract's default where it depends on another input.
 */
export function useLabParam<L extends LabContract>(
  lab: L,
  key: ParamKey<L>,
  defaultValue?: string,
): [string, (value: string) => void] {
  return useAddressValue(key, defaultValue ?? lab.params[key]!.default);
}

/** Like useLabParam, for a value that must be one of a fixed set (a bad link falls back to the default). */
export function useLabChoice<L extends LabContract, K extends ChoiceKey<L>>(
  lab: L,
  key: K,
): [ParamValue<L['params'][K]>, (value: ParamValue<L['params'][K]>) => void] {
  const spec = lab.params[key]!;
  const [raw, set] = useAddressValue(key, spec.default);
  const choices: readonly string[] = spec.choices ?? [];
  const value = choices.includes(raw) ? raw : spec.default;
  return [value as ParamValue<L['params'][K]>, set];
}

function useAddressValue(key: string, defaultValue: string): [string, (value: string) => void] {
  const { params, setParams } = useContext(LabContext);
  const value = params[key] ?? defaultValue;
  const set = useCallback(
    (next: string) => setParams({ [key]: next === defaultValue ? undefined : next }),
    [key, defaultValue, setParams],
  );
  return [value, set];
}
