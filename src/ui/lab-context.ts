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
  lab: L,
  name: ActionOf<L>,
  run: () => void,
): void;
/** @deprecated Untyped form, for panels not yet moved to their lab's contract. */
export function useLabAction(name: string, run: () => void): void;
export function useLabAction(
  ...args: [LabContract, string, () => void] | [string, () => void]
): void {
  const [name, run] = args.length === 3 ? [args[1], args[2]] : args;
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
): [string, (value: string) => void];
/** @deprecated Untyped form, for panels not yet moved to their lab's contract. */
export function useLabParam(key: string, defaultValue: string): [string, (value: string) => void];
export function useLabParam(
  ...args: [LabContract, string, string?] | [string, string]
): [string, (value: string) => void] {
  const [key, defaultValue] =
    typeof args[0] === 'string'
      ? [args[0], args[1] as string]
      : [
          args[1] as string,
          (args[2] as string | undefined) ?? args[0].params[args[1] as string]!.default,
        ];
  return useAddressValue(key, defaultValue);
}

/** Like useLabParam, for a value that must be one of a fixed set (a bad link falls back to the default). */
export function useLabChoice<L extends LabContract, K extends ChoiceKey<L>>(
  lab: L,
  key: K,
): [ParamValue<L['params'][K]>, (value: ParamValue<L['params'][K]>) => void];
/** @deprecated Untyped form, for panels not yet moved to their lab's contract. */
export function useLabChoice<T extends string>(
  key: string,
  choices: readonly T[],
  defaultValue: T,
): [T, (value: T) => void];
export function useLabChoice(
  ...args: [LabContract, string] | [string, readonly string[], string]
): [string, (value: string) => void] {
  let key: string, choices: readonly string[], defaultValue: string;
  if (typeof args[0] === 'string')
    [key, choices, defaultValue] = args as [string, readonly string[], string];
  else {
    const [lab, name] = args as [LabContract, string];
    const spec = lab.params[name]!;
    [key, choices, defaultValue] = [name, spec.choices ?? [], spec.default];
  }
  const [raw, set] = useAddressValue(key, defaultValue);
  return [choices.includes(raw) ? raw : defaultValue, set];
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
